import SyntaxHighlighting

/// The escape sequences the Markdown renderer writes: Select Graphic Rendition only, each spelled
/// here, so the renderer's output holds no sequence but these, the wrapper's and the redraw's.
struct MarkdownPalette: Sendable {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let italic = "\u{1B}[3m"
    static let dim = "\u{1B}[90m"
    static let inlineCode = "\u{1B}[33m"
    static let linkText = "\u{1B}[4m"
    static let accent = "\u{1B}[36m"
    static let firstHeading = "\u{1B}[1;4;36m"
    static let heading = "\u{1B}[1;36m"

    /// The colour of a code token; nil for plain text.
    static func code(_ kind: TokenKind) -> String? {
        switch kind {
        case .plain: return nil
        case .keyword: return "\u{1B}[35m"
        case .type: return "\u{1B}[36m"
        case .string: return "\u{1B}[32m"
        case .number, .constant: return "\u{1B}[33m"
        case .comment: return "\u{1B}[90m"
        case .variable: return "\u{1B}[36m"
        case .key: return "\u{1B}[34m"
        case .attribute: return "\u{1B}[33m"
        }
    }
}
