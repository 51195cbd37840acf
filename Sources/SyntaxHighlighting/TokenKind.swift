/// What a piece of code is, as far as colouring it goes.
public enum TokenKind: Sendable, Hashable, CaseIterable {
    case plain
    case keyword
    /// A type name: a built-in one, or (in languages that capitalise them) any capitalised word.
    case type
    case string
    case number
    case comment
    /// `true`, `false`, `nil`, `null`, `None` and the like.
    case constant
    /// A shell variable (`$HOME`, `${name}`).
    case variable
    /// A mapping's key (YAML `name:`), an HTML element's name.
    case key
    /// An HTML attribute's name.
    case attribute
}

/// A piece of a code line and what it is.
public struct HighlightedRun: Sendable, Hashable {
    public var kind: TokenKind
    public var text: String

    public init(_ kind: TokenKind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

extension [HighlightedRun] {
    /// Adds `text` as a run of `kind`, joined to the last run when that is of the same kind.
    mutating func append(_ kind: TokenKind, _ text: String) {
        if let last = self.last, last.kind == kind {
            self[count - 1].text += text
        } else {
            append(HighlightedRun(kind, text))
        }
    }
}
