/// Splits `/set` values into words the way a person quotes them: whitespace separates words, and a
/// word in double or single quotes keeps its spaces (`a b "c d"` is three words: `a`, `b`, `c d`).
enum QuotedWords {
    /// The words of `text`. A quote that is never closed is kept as an ordinary character, so no
    /// input is refused here; an empty quoted word (`""`) is an empty word.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
                continue
            }
            var word = ""
            while index < text.endIndex, !text[index].isWhitespace {
                let current = text[index]
                if current == "\"" || current == "'",
                    let close = text[text.index(after: index)...].firstIndex(of: current)
                {
                    word += text[text.index(after: index)..<close]
                    index = text.index(after: close)
                } else {
                    word.append(current)
                    index = text.index(after: index)
                }
            }
            words.append(word)
        }
        return words
    }

    /// `text` without its first `count` whitespace-separated words and the space after them.
    static func dropping(_ count: Int, wordsOf text: String) -> String {
        var rest = Substring(text)
        for _ in 0..<count {
            rest = rest.drop { $0.isWhitespace }
            rest = rest.drop { !$0.isWhitespace }
        }
        return String(rest.drop { $0.isWhitespace })
    }

    /// `word` as it would be typed back: quoted when it is empty or has a space.
    static func quotedIfNeeded(_ word: String) -> String {
        guard word.isEmpty || word.contains(where: \.isWhitespace) else { return word }
        return word.contains("\"") ? "'\(word)'" : "\"\(word)\""
    }
}
