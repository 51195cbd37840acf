import Foundation
import TachikomaCore

/// Exactly what one command-tool call runs: the argv with each placeholder filled by one argument, the
/// standard input, the folder and the added environment. Built before asking, so the confirmation
/// shows what will run and nothing else runs.
package struct CommandInvocation: Sendable, Hashable {
    /// The program (as written, `~` expanded) and its arguments.
    var argv: [String]
    /// Written to standard input, then closed; nil leaves it empty.
    var standardInput: String?
    var workingDirectory: String?
    var environment: [String: String]

    /// Fills `config.argv` from `arguments`, which must fit `config.parameters`.
    ///
    /// A placeholder's argument becomes text (numbers as written, `true`/`false`, objects as JSON) inside
    /// its one element. An element whose argument was left out (or null) is dropped, so `--limit={n}`
    /// disappears with `n`. An element that is only `{name}` spreads a list into one element per item.
    init(config: CommandToolConfig, arguments: JSONValue, environment processEnvironment: [String: String]) throws(ToolError) {
        let members = try ToolArgumentChecker.check(arguments, against: config.parameters, tool: config.name)
        var argv: [String] = []
        elements: for element in config.argv {
            if let whole = element.wholeParameter, case .array(let items)? = members[whole] {
                for item in items { argv.append(try Self.text(item, tool: config.name, parameter: whole)) }
                continue
            }
            var text = ""
            for piece in element.pieces {
                switch piece {
                case .literal(let literal):
                    text += literal
                case .parameter(let name):
                    guard let value = members[name], value != .null else { continue elements }
                    if case .array = value {
                        throw .invalidArguments(tool: config.name, reason: "'\(name)' is a list, which can only fill an argv element of its own")
                    }
                    text += try Self.text(value, tool: config.name, parameter: name)
                }
            }
            argv.append(text)
        }
        if let program = argv.first {
            argv[0] = (try? HomeDirectoryPath.expand(program, environment: processEnvironment)) ?? program
        }
        self.argv = argv
        standardInput = config.input == .json ? Self.json(.object(members)) + "\n" : nil
        workingDirectory = config.workingDirectory.map { (try? HomeDirectoryPath.expand($0, environment: processEnvironment)) ?? $0 }
        environment = config.environment
    }

    /// One argument as the text of one argv element. argv cannot carry NUL, so a NUL is refused rather
    /// than silently cutting the argument short.
    private static func text(_ value: JSONValue, tool: String, parameter: String) throws(ToolError) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number): text = NumericLimit.format(number)
        case .bool(let flag): text = flag ? "true" : "false"
        case .null: text = ""
        case .array, .object: text = json(value)
        }
        guard !text.utf8.contains(0) else {
            throw .invalidArguments(tool: tool, reason: "'\(parameter)' contains a NUL character, which no program argument can hold")
        }
        return text
    }

    /// Compact JSON with sorted keys, so a preview and the bytes sent agree.
    package static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The argv as a person can read it and paste into a shell: each element single-quoted when it holds
    /// anything a shell would treat specially, then the standard input and folder.
    var preview: String {
        var text = argv.map(Self.shellQuoted).joined(separator: " ")
        if let standardInput { text += "  <<< " + standardInput.trimmingCharacters(in: .newlines) }
        if let workingDirectory { text += "  (in \(workingDirectory))" }
        return text
    }

    static func shellQuoted(_ element: String) -> String {
        let plain = !element.isEmpty && element.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./=:,+@%".unicodeScalars.contains(scalar))
        }
        if plain { return element }
        return "'" + element.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
