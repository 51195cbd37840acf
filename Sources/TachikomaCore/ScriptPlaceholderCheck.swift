/// Finds a command tool's argv that puts a placeholder inside the script of a shell or an interpreter
/// (`sh -c "echo {text}"`): the model's text would then run as code (`hi; touch FILE`). Values are safe
/// only as arguments of their own, which the script reads (`"$1"`, `sys.argv[1]`).
///
/// Recognised: the shells `sh bash zsh dash ksh mksh ash fish` with `-c` (alone or in a cluster such as
/// `-ec`), `python`/`python3`/`python3.N -c`, `node`/`nodejs`/`deno` `-e`/`--eval`/`-p`/`--print`,
/// `perl -e`/`-E`, `ruby -e`, `php -r`; each by its name or a full path, and behind `env` with its
/// options and `NAME=value` assignments. An interpreter not in the list is not judged.
public struct ScriptPlaceholderCheck: Sendable {
    /// What was found: the program, the script's position in argv, and the placeholders in it.
    public struct Finding: Sendable, Equatable {
        public var program: String
        public var flag: String
        public var scriptIndex: Int
        public var placeholders: [String]
        public var isShell: Bool
    }

    public init() {}

    static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish"]
    static let scriptFlags: [String: Set<String>] = [
        "python": ["-c"], "node": ["-e", "--eval", "-p", "--print"], "deno": ["eval"],
        "perl": ["-e", "-E"], "ruby": ["-e"], "php": ["-r"],
    ]

    /// The first script in `argv` that holds a placeholder, or nil when every value is an argument.
    public func finding(in argv: [ArgvTemplateElement]) -> Finding? {
        let words = argv.map(\.literalText)
        guard let start = Self.programIndex(words) else { return nil }
        let program = Self.baseName(words[start])
        let family = Self.family(of: program)
        var index = start + 1
        while index < words.count {
            let word = words[index]
            if let family, Self.isScriptFlag(word, family: family) {
                let scriptIndex = index + 1
                guard scriptIndex < argv.count else { return nil }
                let names = argv[scriptIndex].parameterNames
                return names.isEmpty
                    ? nil
                    : Finding(program: program, flag: word, scriptIndex: scriptIndex, placeholders: names, isShell: family == "shell")
            }
            // Options before the script flag (`bash -e -c …`, `python3 -u -c …`); a word that is not an
            // option is a script file or the end of the interpreter's options.
            guard word.hasPrefix("-") else { return nil }
            index += 1
        }
        return nil
    }

    /// One line for the config error: what is wrong and the safe form.
    public func reason(for finding: Finding, argv: [ArgvTemplateElement]) -> String {
        let names = finding.placeholders.map { "{\($0)}" }.joined(separator: ", ")
        let problem = "puts \(names) inside the script of \(finding.program) \(finding.flag), so the model's text would run as code"
        guard finding.isShell else {
            return "\(problem); pass each value as an argument after the script and read it there "
                + "(sys.argv[1] in Python, process.argv[1] in Node, $ARGV[0] in Perl, ARGV[0] in Ruby, $argv[1] in PHP)"
        }
        return "\(problem); pass values as arguments: \(Self.safeShellForm(finding, argv: argv))"
    }

    /// The same argv with each placeholder in the script replaced by `"$N"` and the values passed after
    /// `$0`: `["sh", "-c", "echo \"$1\"", "sh", "{text}"]`.
    static func safeShellForm(_ finding: Finding, argv: [ArgvTemplateElement]) -> String {
        var order: [String] = []
        var script = ""
        for piece in argv[finding.scriptIndex].pieces {
            switch piece {
            case .literal(let text): script += ArgvTemplateElement.escapingBraces(text)
            case .parameter(let name):
                let number = (order.firstIndex(of: name) ?? order.count) + 1
                if !order.contains(name) { order.append(name) }
                script += "\"$\(number)\""
            }
        }
        let before = argv[..<finding.scriptIndex].map(\.written)
        let after = argv[(finding.scriptIndex + 1)...].map(\.written)
        let words = before + [script] + (after.isEmpty ? [finding.program] + order.map { "{\($0)}" } : after)
        return "[" + words.map(QuotedString.of).joined(separator: ", ") + "]"
    }

    /// Skips `env`, its options and assignments; the index of the program it runs.
    static func programIndex(_ words: [String]) -> Int? {
        var index = 0
        while index < words.count, baseName(words[index]) == "env" {
            index += 1
            while index < words.count, words[index].hasPrefix("-") || words[index].contains("=") {
                // `-u NAME` and `-C DIR` take a value.
                if ["-u", "-C", "--unset", "--chdir"].contains(words[index]) { index += 1 }
                index += 1
            }
        }
        return index < words.count ? index : nil
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `shell`, an interpreter's key in `scriptFlags`, or nil.
    static func family(of program: String) -> String? {
        if shells.contains(program) { return "shell" }
        if program == "nodejs" { return "node" }
        // python, python3, python3.12, pypy3
        if program.hasPrefix("python") || program.hasPrefix("pypy") { return "python" }
        return scriptFlags[program] == nil ? nil : program
    }

    static func isScriptFlag(_ word: String, family: String) -> Bool {
        if family == "shell" {
            // `-c`, and clusters of short options holding c: `-ec`, `-xc`, `-lc`.
            return word.hasPrefix("-") && !word.hasPrefix("--") && word.dropFirst().contains("c")
        }
        return scriptFlags[family]?.contains(word) ?? false
    }
}

extension ArgvTemplateElement {
    /// The element's literal text with placeholders dropped: enough to recognise programs and flags.
    var literalText: String {
        pieces.map { if case .literal(let text) = $0 { text } else { "" } }.joined()
    }

    /// The element as written in the config.
    var written: String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): Self.escapingBraces(text)
            case .parameter(let name): "{\(name)}"
            }
        }.joined()
    }

    /// Literal braces as the config writes them (`{{`, `}}`), so the text parses back to the same literal.
    static func escapingBraces(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "{" || character == "}" { out.append(character) }
            out.append(character)
        }
        return out
    }
}
