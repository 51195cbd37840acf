import Foundation

/// Lays out a `SessionComparison` for a terminal: each user turn across the width, then the two
/// answers in columns side by side (` │ ` between), or one under the other when the terminal is
/// too narrow for two readable columns. Each answer is headed by its model, tokens and tokens/s;
/// thinking is folded to a marker and an interrupted answer is marked.
public enum ComparisonLayout {
    /// Two columns need at least this many cells each; narrower, the answers are stacked.
    public static let minimumColumnWidth = 28
    static let separator = " │ "

    /// The comparison laid out for a terminal `width` cells wide. `clean` is applied to every stored
    /// text (names, prompts, models, answers) before it is measured: pass the terminal sanitizer, so
    /// what is measured is what is shown.
    public static func render(
        _ comparison: SessionComparison, width: Int, clean: (String) -> String = { $0 }
    ) -> String {
        // The last column is left free: terminals disagree about the cursor once it is written.
        let usable = max(width - 1, 20)
        let columnWidth = (usable - separator.count) / 2
        let sideBySide = columnWidth >= minimumColumnWidth
        let leftName = clean(comparison.leftName), rightName = clean(comparison.rightName)
        var lines: [String] = []
        if sideBySide {
            lines += columns(
                TextColumns.wrap("A: " + leftName, width: columnWidth),
                TextColumns.wrap("B: " + rightName, width: columnWidth), width: columnWidth)
            lines.append(String(repeating: "═", count: columnWidth) + "═╪═" + String(repeating: "═", count: columnWidth))
        } else {
            lines += TextColumns.wrap("A: " + leftName, width: usable) + TextColumns.wrap("B: " + rightName, width: usable)
        }
        if comparison.turns.isEmpty { lines += ["", "Neither session has a user turn."] }
        for turn in comparison.turns {
            lines += ["", "Turn \(turn.number)"]
            lines += prompts(turn, width: usable, clean: clean)
            lines.append("")
            let left = answerParts(turn.left, hasTurn: turn.leftPrompt != nil, clean: clean)
            let right = answerParts(turn.right, hasTurn: turn.rightPrompt != nil, clean: clean)
            if sideBySide {
                let wrap = { (text: String) in TextColumns.wrap(text, width: columnWidth) }
                // Model, then counts, on lines of their own: together they rarely fit a column.
                var leftHeading = left.heading.flatMap(wrap), rightHeading = right.heading.flatMap(wrap)
                let headingHeight = max(leftHeading.count, rightHeading.count)
                leftHeading += Array(repeating: "", count: headingHeight - leftHeading.count)
                rightHeading += Array(repeating: "", count: headingHeight - rightHeading.count)
                let rule = String(repeating: "─", count: columnWidth)
                lines += columns(
                    leftHeading + [rule] + left.body.flatMap(wrap), rightHeading + [rule] + right.body.flatMap(wrap),
                    width: columnWidth)
            } else {
                for (letter, part) in [("A", left), ("B", right)] {
                    if letter == "B" { lines.append("") }
                    lines += TextColumns.wrap(([letter] + part.heading).joined(separator: " · "), width: usable)
                    lines += part.body.flatMap { TextColumns.wrap($0, width: usable) }
                }
            }
        }
        return lines.map { line in
            var line = line
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// `>>> ` and the prompt once when both sessions asked it; else each with its session's letter.
    static func prompts(_ turn: SessionComparison.Turn, width: Int, clean: (String) -> String) -> [String] {
        func prompt(_ marker: String, _ text: String?) -> [String] {
            guard let text else { return ["\(marker)(no such turn)"] }
            let wrapped = TextColumns.wrap(clean(text), width: width - marker.count)
            let indent = String(repeating: " ", count: marker.count)
            return wrapped.enumerated().map { index, line in (index == 0 ? marker : indent) + line }
        }
        if turn.samePrompt { return prompt(">>> ", turn.leftPrompt) }
        return prompt("A >>> ", turn.leftPrompt) + prompt("B >>> ", turn.rightPrompt)
    }

    /// The heading (the model; tokens and tokens/s when counted) and the answer's lines, unwrapped.
    static func answerParts(
        _ answer: SessionComparison.Answer?, hasTurn: Bool, clean: (String) -> String
    ) -> (heading: [String], body: [String]) {
        guard let answer else { return ([hasTurn ? "(no answer)" : "(no such turn)"], []) }
        var heading = [clean(answer.model ?? "assistant")]
        let counts = TranscriptText.counts(tokens: answer.tokens, tokensPerSecond: answer.tokensPerSecond)
        if !counts.isEmpty { heading.append(counts) }
        var body: [String] = []
        if answer.thoughtWords > 0 { body.append(TranscriptText.thinkingMarker(words: answer.thoughtWords)) }
        body += clean(answer.content).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if answer.isInterrupted { body.append("[interrupted]") }
        return (heading, body)
    }

    /// Two columns of lines side by side, the shorter padded with blank lines.
    static func columns(_ left: [String], _ right: [String], width: Int) -> [String] {
        let count = max(left.count, right.count)
        return (0..<count).map { index in
            let leftLine = index < left.count ? left[index] : ""
            let rightLine = index < right.count ? right[index] : ""
            return TextColumns.padded(leftLine, to: width) + separator + rightLine
        }
    }
}
