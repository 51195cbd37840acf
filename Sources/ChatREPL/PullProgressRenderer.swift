import TachikomaCore
import TerminalText

/// Turns a model download's progress into what the terminal shows: on a terminal one line per layer,
/// redrawn in place with a bar, percent, bytes, rate and time left (as `ollama pull` does); elsewhere
/// plain lines, one per step. The server's status text is sanitized.
public struct PullProgressRenderer: Sendable {
    public let isTerminal: Bool
    public let barWidth: Int
    private var currentStatus: String?
    private var layerStart: (instant: ContinuousClock.Instant, bytes: Int64)?
    private var lastRate: Double?

    public init(isTerminal: Bool, barWidth: Int = 25) {
        self.isTerminal = isTerminal
        self.barWidth = barWidth
    }

    /// The text to write for this step (may be empty).
    public mutating func render(_ progress: PullProgress, at now: ContinuousClock.Instant = .now) -> String {
        // The status is the server's text; the bar's own `\r` and erase-line are added after.
        var progress = progress
        progress.status = TerminalSanitizer.clean(progress.status)
        let statusChanged = progress.status != currentStatus
        var out = ""
        if statusChanged {
            if currentStatus != nil, isTerminal { out += "\n" }
            currentStatus = progress.status
            layerStart = progress.completedBytes.map { (now, $0) }
            lastRate = nil
        }
        guard let total = progress.totalBytes, total > 0 else {
            if statusChanged { out += isTerminal ? progress.status : progress.status + "\n" }
            return out
        }
        let completed = min(progress.completedBytes ?? 0, total)
        if !isTerminal {
            if statusChanged { out += "\(progress.status) (\(HumanReadable.bytes(total)))\n" }
            return out
        }
        return out + "\r" + line(status: progress.status, completed: completed, total: total, now: now) + "\u{1B}[K"
    }

    /// Ends the last line.
    public mutating func finish() -> String {
        defer { currentStatus = nil }
        return isTerminal && currentStatus != nil ? "\n" : ""
    }

    private mutating func line(status: String, completed: Int64, total: Int64, now: ContinuousClock.Instant) -> String {
        let fraction = Double(completed) / Double(total)
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: " ", count: barWidth - filled)
        let percent = String(Int((fraction * 100).rounded(.down))).leftPadded(to: 3)
        var text = "\(status): \(percent)% ▕\(bar)▏ "
        if completed >= total {
            return text + HumanReadable.bytes(total)
        }
        text += "\(HumanReadable.bytes(completed))/\(HumanReadable.bytes(total))"
        if let start = layerStart {
            let elapsed = now - start.instant
            let seconds = elapsed.secondsValue
            if seconds >= 0.5, completed > start.bytes {
                let rate = Double(completed - start.bytes) / seconds
                lastRate = rate
                let remaining = Double(total - completed) / rate
                text += "  \(HumanReadable.bytes(Int64(rate)))/s  \(Self.clock(remaining))"
            }
        }
        return text
    }

    /// `1h2m`, `3m4s`, `12s`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole >= 3600 { return "\(whole / 3600)h\(whole % 3600 / 60)m" }
        if whole >= 60 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole)s"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
