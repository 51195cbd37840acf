import TachikomaCore

/// Texts side by side in columns of equal width, for `/compare`: each column wrapped between words
/// to its width, padded by display width, separated by ` │ `.
public enum ColumnLayout {
    public static let separator = " │ "
    /// The narrowest column worth showing; below it answers go one after the other.
    public static let minimumWidth = 24

    /// The width of each of `count` columns on a terminal `terminalWidth` wide (its last column left
    /// free, as the wrapper leaves it); nil when they would be narrower than `minimumWidth`.
    public static func columnWidth(count: Int, terminalWidth: Int?) -> Int? {
        guard let terminalWidth, count > 0 else { return nil }
        let width = (terminalWidth - 1 - (count - 1) * separator.count) / count
        return width >= minimumWidth ? width : nil
    }

    /// `texts` wrapped to `width` and set side by side, as many lines as the longest.
    public static func sideBySide(_ texts: [String], width: Int) -> [String] {
        rows(texts.map { TextColumns.wrap($0, width: width) }, width: width)
    }

    /// Columns already cut into lines, set side by side; the last column is not padded.
    public static func rows(_ columns: [[String]], width: Int) -> [String] {
        let height = columns.map(\.count).max() ?? 0
        return (0..<height).map { row in
            columns.enumerated().map { index, lines in
                let line = row < lines.count ? lines[row] : ""
                return index == columns.count - 1 ? line : TextColumns.padded(line, to: width)
            }.joined(separator: separator).trailingSpacesRemoved
        }
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
