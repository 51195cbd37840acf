/// Finds paths of pictures (or sounds) typed in a message, as `ollama run` does for a vision model:
/// absolute paths, `./`, `../` and plain relative paths, `~/`, backslash-escaped spaces, paths in
/// single or double quotes, endings in any case. The caller says which candidates are files, so a
/// path to no file stays plain text and words such as `a/b` or `cat.png` in prose are left alone
/// unless such a file is there.
///
/// Limits: a path starts at the beginning of the text or after whitespace or `(`/`[`; an unquoted
/// path with unescaped spaces must start with `/`, `./`, `../` or `~/` (where several endings could
/// end it, the shortest that names a file wins, as Ollama's lazy match does); a plain relative path
/// has no unescaped spaces; a path does not span lines.
public struct AttachmentPathScanner: Sendable {
    /// A path found in the text.
    public struct Found: Sendable, Hashable {
        /// Where it is in the text, quotes included.
        public var range: Range<String.Index>
        /// As it names the file: quotes and escapes removed, `~` left for the caller to expand.
        public var path: String
    }

    /// Endings (lowercased, no dot) that make a word a candidate.
    public let extensions: Set<String>

    public init(extensions: Set<String>) {
        self.extensions = Set(extensions.map { $0.lowercased() })
    }

    /// The paths in `text` for which `isFile` (given the unescaped path) says yes, left to right.
    public func find(in text: String, isFile: (String) -> Bool) -> [Found] {
        guard !extensions.isEmpty else { return [] }
        let indices = Array(text.indices) + [text.endIndex]
        let characters = Array(text)
        var found: [Found] = []
        var start = 0
        while start < characters.count {
            let atBoundary = start == 0 || characters[start - 1].isWhitespace || "([".contains(characters[start - 1])
            if atBoundary, let (end, path) = match(characters, from: start, isFile: isFile) {
                found.append(Found(range: indices[start]..<indices[end], path: path))
                start = end
            } else {
                start += 1
            }
        }
        return found
    }

    /// `text` without `found`'s paths, with the spaces they leave behind closed up and trimmed.
    public static func removing(_ found: [Found], from text: String) -> String {
        var result = text
        for item in found.reversed() {
            var range = item.range
            // One of the spaces on either side goes with the path, so "see a.png now" becomes "see now".
            if range.upperBound < result.endIndex, result[range.upperBound] == " " {
                range = range.lowerBound..<result.index(after: range.upperBound)
            } else if range.lowerBound > result.startIndex, result[result.index(before: range.lowerBound)] == " " {
                range = result.index(before: range.lowerBound)..<range.upperBound
            }
            result.replaceSubrange(range, with: "")
        }
        return result.trimmingWhitespace()
    }

    /// The path starting at `start` and the index after it: a quoted one, or the shortest unquoted
    /// candidate that names a file.
    private func match(_ characters: [Character], from start: Int, isFile: (String) -> Bool) -> (Int, String)? {
        let first = characters[start]
        if first == "\"" || first == "'" {
            guard let close = characters[(start + 1)...].firstIndex(of: first) else { return nil }
            let inner = String(characters[(start + 1)..<close])
            guard !inner.contains("\n"), claims(inner), isFile(inner) else { return nil }
            return (close + 1, inner)
        }
        let spacesAllowed = startsLikeAPath(characters[start...])
        var path = ""
        var index = start
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, !characters[index + 1].isNewline {
                path.append(characters[index + 1])
                index += 2
            } else if character == " " && spacesAllowed {
                path.append(character)
                index += 1
            } else if character.isWhitespace {
                break
            } else {
                path.append(character)
                index += 1
            }
            if claims(path), endsHere(characters, at: index), isFile(path) { return (index, path) }
        }
        return nil
    }

    private func startsLikeAPath(_ text: ArraySlice<Character>) -> Bool {
        ["/", "./", "../", "~/"].contains { text.starts(with: Array($0)) }
    }

    /// Whether `path`'s ending is one of the extensions.
    private func claims(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), dot != path.startIndex else { return false }
        let ending = path[path.index(after: dot)...]
        return !ending.contains("/") && extensions.contains(ending.lowercased())
    }

    /// A path can end before the end of the text, whitespace, closing punctuation, or a full stop
    /// that ends a sentence.
    private func endsHere(_ characters: [Character], at index: Int) -> Bool {
        guard index < characters.count else { return true }
        let next = characters[index]
        if next.isWhitespace || ",;:!?)]\"'".contains(next) { return true }
        if next == "." { return index + 1 == characters.count || characters[index + 1].isWhitespace }
        return false
    }
}
