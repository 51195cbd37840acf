/// The patterns of `.gitignore` files met on the way down a folder, as git reads them: blank lines
/// and `#` comments skipped, `!` re-includes, a trailing `/` matches folders only, a `/` elsewhere
/// anchors the pattern to its file's folder, otherwise it matches a name at any depth; `*`, `?`,
/// `[…]` and `**` as in git. Limits: no `\` escapes; the last matching pattern decides.
public struct IgnoreRules: Sendable {
    struct Pattern: Sendable {
        /// The folder of the `.gitignore` it came from, relative to the walk's root ("" at the root).
        var base: String
        var glob: [Character]
        var negated: Bool
        var foldersOnly: Bool
        var anchored: Bool
    }

    private var patterns: [Pattern] = []

    public init() {}

    /// Adds the lines of a `.gitignore` found in `base` (relative to the root, "" for the root).
    public mutating func add(_ text: String, base: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = String(rawLine)
            while line.hasSuffix(" ") { line.removeLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line.removeFirst()
            }
            var foldersOnly = false
            if line.hasSuffix("/") {
                foldersOnly = true
                line.removeLast()
            }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            guard !line.isEmpty else { continue }
            patterns.append(Pattern(base: base, glob: Array(line), negated: negated, foldersOnly: foldersOnly, anchored: anchored))
        }
    }

    /// Whether `path` (relative to the root, `/`-separated) is ignored.
    public func ignores(_ path: String, isFolder: Bool) -> Bool {
        var ignored = false
        for pattern in patterns {
            if pattern.foldersOnly && !isFolder { continue }
            let relative: Substring
            if pattern.base.isEmpty {
                relative = Substring(path)
            } else if path.hasPrefix(pattern.base + "/") {
                relative = path.dropFirst(pattern.base.count + 1)
            } else {
                continue
            }
            let subject = pattern.anchored ? Array(relative) : Array(relative.split(separator: "/").last ?? relative)
            if Self.glob(pattern.glob[...], matches: subject[...]) { ignored = !pattern.negated }
        }
        return ignored
    }

    /// Git's wildmatch, enough of it: `*` within a name, `**` across names, `?`, `[…]` with ranges and `!`.
    static func glob(_ pattern: ArraySlice<Character>, matches text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            let isDouble = pattern.dropFirst().first == "*"
            let rest = pattern.dropFirst(isDouble ? 2 : 1)
            if isDouble, rest.first == "/" {
                // `**/` matches no folder at all, too.
                if glob(rest.dropFirst(), matches: text) { return true }
            }
            var index = text.startIndex
            while true {
                if glob(rest, matches: text[index...]) { return true }
                guard index < text.endIndex, isDouble || text[index] != "/" else { return false }
                index += 1
            }
        case "?":
            guard let character = text.first, character != "/" else { return false }
            return glob(pattern.dropFirst(), matches: text.dropFirst())
        case "[":
            guard let close = pattern.dropFirst(2).firstIndex(of: "]"), let character = text.first, character != "/" else {
                return text.first == "[" && glob(pattern.dropFirst(), matches: text.dropFirst())
            }
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == "!" || set.first == "^"
            if negated { set = set.dropFirst() }
            var inSet = false
            var members = Array(set)
            while !members.isEmpty {
                if members.count >= 3, members[1] == "-" {
                    if members[0] <= character && character <= members[2] { inSet = true }
                    members.removeFirst(3)
                } else {
                    if members[0] == character { inSet = true }
                    members.removeFirst()
                }
            }
            guard inSet != negated else { return false }
            return glob(pattern[(close + 1)...], matches: text.dropFirst())
        default:
            guard text.first == first else { return false }
            return glob(pattern.dropFirst(), matches: text.dropFirst())
        }
    }
}
