import Foundation

/// Sizes, ages and durations written the way model servers' own `list` and `ps` commands write them.
public enum HumanReadable {
    /// Decimal units as those commands print them: `274 MB`, `2.0 GB`, `12 B`.
    public static func bytes(_ count: Int64) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        for (scale, unit) in units where Double(count) >= scale {
            let value = Double(count) / scale
            return value >= 10 ? "\(Int(value)) \(unit)" : String(format: "%.1f %@", value, unit)
        }
        return "\(count) B"
    }

    /// `2 weeks ago`, `4 minutes from now`, `Forever`.
    public static func relativeTime(_ date: Date, now: Date = Date()) -> String {
        let delta = now.timeIntervalSince(date)
        if delta < -20 * 365 * 86400 { return "Forever" }
        if delta < 0 { return duration(-delta) + " from now" }
        return duration(delta) + " ago"
    }

    /// An approximate span: `Less than a second`, `About a minute`, `3 hours`, `2 weeks`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds)
        if whole < 1 { return "Less than a second" }
        if whole == 1 { return "1 second" }
        if whole < 60 { return "\(whole) seconds" }
        let minutes = whole / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int((seconds / 3600).rounded())
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(hours / 24 / 365) years"
    }

    /// Left-aligned columns separated by at least `gap` spaces, as those commands' tables look.
    /// Widths are terminal cells (a CJK name takes two a character), so cells must already be clean
    /// text.
    public static func table(_ rows: [[String]], gap: Int = 4) -> String {
        guard let columnCount = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columnCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TextColumns.width(of: cell)) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : TextColumns.padded(cell, to: widths[index] + gap)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
