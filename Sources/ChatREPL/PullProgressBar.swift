import Foundation
import TachikomaCore

/// Shows a model download: one line per step, and for each layer a bar redrawn in place with
/// percent, bytes and rate.
struct PullProgressBar {
    private let clock = ContinuousClock()
    private var currentDigest: String?
    private var layerStarted: ContinuousClock.Instant?
    private var layerStartBytes: Int64 = 0
    private var lastStatus: String?
    /// A bar is on screen without its newline yet.
    private(set) var barOpen = false
    private let style: TerminalStyle
    private let width: Int

    init(style: TerminalStyle, width: Int?) {
        self.style = style
        self.width = max(40, min(width ?? 80, 120))
    }

    /// The text to write for one progress report.
    mutating func update(_ progress: PullProgress) -> String {
        guard let total = progress.totalBytes, total > 0 else {
            defer { lastStatus = progress.status }
            guard progress.status != lastStatus else { return "" }
            return closeBar() + progress.status + "\n"
        }
        let now = clock.now
        let completed = progress.completedBytes ?? 0
        if progress.digest != currentDigest || layerStarted == nil {
            currentDigest = progress.digest
            layerStarted = now
            layerStartBytes = completed
        }
        var rate: Double?
        if let started = layerStarted {
            let elapsed = now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds >= 0.25 { rate = Double(completed - layerStartBytes) / seconds }
        }
        lastStatus = progress.status
        barOpen = true
        let line = Self.line(status: progress.status, completed: completed, total: total, bytesPerSecond: rate, width: width)
        return "\r\u{1B}[K" + line
    }

    /// Ends a bar left open, e.g. when the pull stops.
    mutating func closeBar() -> String {
        guard barOpen else { return "" }
        barOpen = false
        return "\n"
    }

    /// `pulling a80c4f17…  42% ▕██████      ▏ 850 MB/2.0 GB  35 MB/s`, fitted to `width` columns.
    static func line(status: String, completed: Int64, total: Int64, bytesPerSecond: Double?, width: Int) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(completed) / Double(total))) : 0
        let percent = String(format: "%3d%%", Int((fraction * 100).rounded(.down)))
        let label = status.count > 24 ? String(status.prefix(23)) + "…" : status
        var numbers = " \(humanBytes(completed))/\(humanBytes(total))"
        if let bytesPerSecond, bytesPerSecond > 0 { numbers += "  \(humanBytes(Int64(bytesPerSecond)))/s" }
        // Sized from the width alone, so the bar keeps its length when the rate appears: the
        // label (24), percent (4), bar ends and spaces (4) and the numbers (up to 28) take the rest.
        let barWidth = max(10, min(40, width - 61))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = "▕" + String(repeating: "█", count: filled) + String(repeating: " ", count: barWidth - filled) + "▏"
        return "\(label) \(percent) \(bar)\(numbers)"
    }

    /// Decimal units as Ollama prints sizes: `512 B`, `1.5 KB`, `850 MB`, `2.0 GB`.
    static func humanBytes(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 || value >= 10 { return "\(Int(value)) \(units[unit])" }
        return String(format: "%.1f", value) + " " + units[unit]
    }
}
