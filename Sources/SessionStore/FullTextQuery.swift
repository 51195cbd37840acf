import TachikomaCore

/// What a person types into `/search`, as an FTS5 query, and FTS5 snippets back as fragments.
enum FullTextQuery {
    /// Marks SQLite's `snippet()` puts around matches: control characters that sanitised model text
    /// cannot contain in a way that matters for display.
    static let openMark = "\u{1}"
    static let closeMark = "\u{2}"

    /// Every word as a quoted phrase, all required: `foo-bar "x` becomes `"foo" "bar" "x"`, so no
    /// input is an FTS5 syntax error. Words split as the unicode61 tokenizer splits them.
    static func match(_ text: String) -> String? {
        let words = text.split { !($0.isLetter || $0.isNumber) }
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"" }.joined(separator: " ")
    }

    static func fragments(_ snippet: String) -> [SnippetFragment] {
        var fragments: [SnippetFragment] = []
        var rest = Substring(snippet)
        while !rest.isEmpty {
            guard let open = rest.range(of: openMark) else {
                fragments.append(SnippetFragment(text: String(rest), isMatch: false))
                break
            }
            if open.lowerBound > rest.startIndex {
                fragments.append(SnippetFragment(text: String(rest[..<open.lowerBound]), isMatch: false))
            }
            let afterOpen = rest[open.upperBound...]
            let close = afterOpen.range(of: closeMark)
            let matchEnd = close?.lowerBound ?? afterOpen.endIndex
            fragments.append(SnippetFragment(text: String(afterOpen[..<matchEnd]), isMatch: true))
            rest = close.map { afterOpen[$0.upperBound...] } ?? ""
        }
        return fragments
    }
}
