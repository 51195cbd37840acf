/// Lays out complete help text for the terminal: hard-broken sentences are joined again and
/// lines are wrapped at the width between words, with a hanging indent, so help reads cleanly at
/// 80 columns and wider. (Streamed answers are wrapped by `StreamingWordWrapper` instead.)
public enum HelpText {
    /// Joins a paragraph's lines: a line continues the one before unless it is empty, starts with
    /// whitespace or `/` (a table row or a new command), or follows an empty or indented line.
    public static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let previous = result.last, !previous.isEmpty, !previous.hasPrefix(" "), !line.isEmpty,
                !line.hasPrefix(" "), !line.hasPrefix("/")
            {
                result[result.count - 1] = previous + " " + line
            } else {
                result.append(line)
            }
        }
        return result
    }

    /// `text` reflowed (see `paragraphs`) and wrapped to `width` columns; unchanged when `width`
    /// is nil (not a terminal).
    public static func layout(_ text: String, width: Int?) -> String {
        guard let width else { return paragraphs(text).joined(separator: "\n") }
        return paragraphs(text).flatMap { line in
            let indent = line.prefix { $0 == " " }.count
            return wrap(line, width: width, hangingIndent: indent)
        }.joined(separator: "\n")
    }

    /// Each line of `text` broken between words at `width`, continuing at the line's own indent;
    /// unchanged when `width` is nil (not a terminal).
    public static func wrapLines(_ text: String, width: Int?) -> String {
        guard let width else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            wrap(String(line), width: width, hangingIndent: line.prefix { $0 == " " }.count)
        }.joined(separator: "\n")
    }

    /// Breaks `line` at spaces so no piece is wider than `width` (the terminal's columns; the last
    /// column is left free), continuing with `hangingIndent` spaces. A word wider than the line
    /// is left whole.
    public static func wrap(_ line: String, width: Int, hangingIndent: Int) -> [String] {
        let limit = max(width - 1, 10)
        guard DisplayWidth.of(line) > limit else { return [line] }
        let indent = String(repeating: " ", count: min(hangingIndent, limit / 2))
        let leading = String(line.prefix { $0 == " " })
        var lines: [String] = []
        var current = leading
        var currentWidth = leading.count
        var lineHasWord = false
        // Empty words keep runs of spaces (column padding) as they were.
        for word in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = DisplayWidth.of(word)
            if lineHasWord, currentWidth + 1 + wordWidth > limit {
                lines.append(current)
                current = indent
                currentWidth = indent.count
                lineHasWord = false
            }
            if !lineHasWord {
                if word.isEmpty && !lines.isEmpty { continue }
                current += word
                currentWidth += wordWidth
            } else {
                current += " " + word
                currentWidth += 1 + wordWidth
            }
            lineHasWord = true
        }
        lines.append(current)
        return lines
    }
}
