/// How one family of languages spells comments, strings, words and numbers: what `CodeLexer` needs
/// to colour a line without parsing the program.
public struct LexicalRules: Sendable {
    /// A string's delimiters.
    public struct Quote: Sendable {
        var open: [UInt8]
        var close: [UInt8]
        /// A backslash escapes the next byte (not in shell's '…' or Go's `…`).
        var escapes = true
        /// Goes on past the end of a line (Python's """, JavaScript's `, Go's raw strings).
        var multiline = false
    }

    /// Comment openers that run to the end of the line: "//", "#", "--".
    var lineComments: [[UInt8]] = []
    /// A line comment opened by "#" needs the line's start or a space before it (shell, YAML:
    /// `$#` and `a#b` are not comments).
    var hashCommentNeedsSpace = false
    var blockComment: (open: [UInt8], close: [UInt8])?
    /// Longest openers first, so """ is found before ".
    var quotes: [Quote] = []
    var keywords: Set<String> = []
    var types: Set<String> = []
    var constants: Set<String> = []
    /// SQL: `select` is `SELECT`.
    var caseInsensitive = false
    /// Swift, Rust, Go, C-family: a capitalised word names a type.
    var capitalizedWordsAreTypes = false
    /// Bytes besides letters, digits and `_` that may be inside a word (`$` in JavaScript, `-` in shell).
    var wordBytes: Set<UInt8> = []
    /// Shell: `$NAME`, `${NAME}`, `$1` are variables.
    var dollarVariables = false
    /// YAML: a word or string followed by `:` is a key.
    var keysBeforeColon = false

    static func quote(_ text: String, escapes: Bool = true, multiline: Bool = false) -> Quote {
        Quote(open: Array(text.utf8), close: Array(text.utf8), escapes: escapes, multiline: multiline)
    }

    static func words(_ text: String) -> Set<String> {
        Set(text.split(separator: " ").map(String.init))
    }
}
