/// Decides what a Tab press does with the candidates the completion callback offered.
enum CompletionPlanner {
    /// The edit a Tab press makes.
    enum Action: Sendable, Equatable {
        /// Nothing to do: ring the bell.
        case none
        /// Replace the word before the cursor with this text.
        case replaceWord(with: String)
        /// Show these candidates below the line (the second Tab on an ambiguous word).
        case list([String])
    }

    /// One candidate replaces the word, followed by a space unless it ends in `/` (a directory
    /// or a path still being typed). Several candidates extend the word to their longest common
    /// prefix; when that adds nothing, a repeated Tab lists them.
    static func plan(word: String, candidates: [String], isRepeatedTab: Bool) -> Action {
        let unique = uniqued(candidates)
        switch unique.count {
        case 0:
            return .none
        case 1:
            let only = unique[0]
            return .replaceWord(with: only.hasSuffix("/") ? only : only + " ")
        default:
            let prefix = longestCommonPrefix(unique)
            if prefix != word, prefix.count >= word.count {
                return .replaceWord(with: prefix)
            }
            return isRepeatedTab ? .list(unique) : .none
        }
    }

    /// The longest prefix, in whole characters, shared by every string.
    static func longestCommonPrefix(_ strings: [String]) -> String {
        guard let first = strings.first else { return "" }
        var prefix = Substring(first)
        for string in strings.dropFirst() {
            var shared = prefix.startIndex
            var other = string.startIndex
            while shared < prefix.endIndex, other < string.endIndex, prefix[shared] == string[other] {
                shared = prefix.index(after: shared)
                other = string.index(after: other)
            }
            prefix = prefix[..<shared]
            if prefix.isEmpty { break }
        }
        return String(prefix)
    }

    /// Candidates laid out in columns that fit `width` terminal columns, one string per row.
    static func columns(
        _ candidates: [String], width: Int, displayWidth: (String) -> Int = { $0.count }
    ) -> [String] {
        guard !candidates.isEmpty else { return [] }
        let widths = candidates.map(displayWidth)
        let cell = (widths.max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        let rowCount = (candidates.count + perRow - 1) / perRow
        var rows: [String] = []
        for row in 0..<rowCount {
            var line = ""
            // Column-major, like ls: read down, then across.
            for column in 0..<perRow {
                let index = column * rowCount + row
                guard index < candidates.count else { break }
                let isLastInRow = (column + 1) * rowCount + row >= candidates.count
                line += candidates[index]
                if !isLastInRow {
                    line += String(repeating: " ", count: cell - widths[index])
                }
            }
            rows.append(line)
        }
        return rows
    }

    private static func uniqued(_ candidates: [String]) -> [String] {
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }
}
