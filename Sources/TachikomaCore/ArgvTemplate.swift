/// One element of a command tool's `argv` as written in the config: literal text and `{name}`
/// placeholders. `{{` and `}}` stand for literal braces; a `{` that does not open a placeholder name
/// (`{a: .b}` in a jq filter) is literal too.
///
/// Placeholders are filled with one argument each and the element stays one argv element: nothing is
/// ever handed to a shell, so quotes, `;` and `$(…)` in an argument are just characters.
public struct ArgvTemplateElement: Sendable, Hashable {
    public enum Piece: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public var pieces: [Piece]

    /// The parameter names the element refers to, in order.
    public var parameterNames: [String] {
        pieces.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// The parameter name when the element is exactly one placeholder (`"{files}"`): only such an
    /// element may take a list, each item becoming its own argv element.
    public var wholeParameter: String? {
        if pieces.count == 1, case .parameter(let name) = pieces[0] { return name }
        return nil
    }

    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// Splits `text` into literal text and placeholders.
    public init(parsing text: String) {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                literal.append(first)
                rest = rest.dropFirst(2)
            } else if first == "{", let close = rest.firstIndex(of: "}"),
                Self.isParameterName(rest[rest.index(after: rest.startIndex)..<close])
            {
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.parameter(String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(first)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty || pieces.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// Letters, digits, `_` and `-`: what JSON-schema property names for tools use in practice.
    static func isParameterName(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
    }
}
