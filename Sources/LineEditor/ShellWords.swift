/// Splits a command line such as `$VISUAL`'s value into words as a POSIX shell does, without
/// running anything: blanks separate words; `'…'` keeps everything literally; `"…"` keeps
/// everything but a backslash before `"`, `\`, `$` or `` ` ``; a backslash outside quotes keeps the
/// next character. No expansion of `$VAR`, `~` or globs: a value is not a script.
enum ShellWords {
    /// Why a value could not be split.
    enum SplitError: Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(Character)

        var description: String {
            switch self {
            case .unterminatedQuote(let quote): "a \(quote) quote is not closed"
            }
        }
    }

    static func split(_ text: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        // A word begun by quotes may be empty (`''`) and still be a word.
        var inWord = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                var closed = false
                while let next = characters.next() {
                    if next == "'" { closed = true; break }
                    current.append(next)
                }
                if !closed { throw .unterminatedQuote("'") }
            case "\"":
                inWord = true
                var closed = false
                while let next = characters.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\", let escaped = characters.next() {
                        if !["\"", "\\", "$", "`"].contains(escaped) { current.append("\\") }
                        // A backslash before a line break joins the lines.
                        if escaped != "\n" { current.append(escaped) }
                        continue
                    }
                    current.append(next)
                }
                if !closed { throw .unterminatedQuote("\"") }
            case "\\":
                inWord = true
                if let escaped = characters.next(), escaped != "\n" { current.append(escaped) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
