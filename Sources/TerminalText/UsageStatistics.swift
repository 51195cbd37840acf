import Foundation
import TachikomaCore

/// The statistics `ollama run --verbose` prints after an answer, with the same labels and formats.
public enum UsageStatistics {
    /// One line per known figure, in Ollama's order, then the time to the first token when it was
    /// measured; figures the server did not report are left out.
    public static func lines(for usage: Usage, timeToFirstToken: Duration? = nil) -> [String] {
        var lines: [String] = []
        if let total = usage.totalDuration, total > .zero {
            lines.append("total duration:       \(goDuration(total))")
        }
        if let load = usage.loadDuration, load > .zero {
            lines.append("load duration:        \(goDuration(load))")
        }
        let promptCount = usage.promptTokens ?? 0
        if promptCount > 0 {
            lines.append("prompt eval count:    \(promptCount) token(s)")
        }
        if let duration = usage.promptEvalDuration, duration > .zero {
            lines.append("prompt eval duration: \(goDuration(duration))")
            lines.append("prompt eval rate:     \(rate(promptCount, duration)) tokens/s")
        }
        let evalCount = usage.completionTokens ?? 0
        if evalCount > 0 {
            lines.append("eval count:           \(evalCount) token(s)")
        }
        if let duration = usage.evalDuration, duration > .zero {
            lines.append("eval duration:        \(goDuration(duration))")
            lines.append("eval rate:            \(rate(evalCount, duration)) tokens/s")
        }
        if let timeToFirstToken, timeToFirstToken > .zero {
            lines.append("time to first token:  \(goDuration(timeToFirstToken))")
        }
        return lines
    }

    /// A duration as Go's `time.Duration.String` writes it: `1.5s`, `2m3.25s`, `1h0m0s`, `12.5ms`, `800µs`, `42ns`.
    public static func goDuration(_ duration: Duration) -> String {
        goDuration(nanoseconds: duration.clampedNanoseconds)
    }

    public static func goDuration(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let value = nanoseconds.magnitude
        if value < 1_000 { return "\(sign)\(value)ns" }
        if value < 1_000_000 { return sign + fraction(value, digits: 3) + "µs" }
        if value < 1_000_000_000 { return sign + fraction(value, digits: 6) + "ms" }
        let seconds = fraction(value % 60_000_000_000, digits: 9) + "s"
        let totalMinutes = value / 60_000_000_000
        if totalMinutes == 0 { return sign + seconds }
        let hours = totalMinutes / 60
        let minutes = "\(totalMinutes % 60)m"
        return hours == 0 ? sign + minutes + seconds : "\(sign)\(hours)h" + minutes + seconds
    }

    /// `value / 10^digits` with trailing zeros (and a bare point) removed, as Go prints it.
    private static func fraction(_ value: UInt64, digits: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let whole = value / divisor
        var decimals = String(value % divisor)
        decimals = String(repeating: "0", count: digits - decimals.count) + decimals
        while decimals.last == "0" { decimals.removeLast() }
        return decimals.isEmpty ? "\(whole)" : "\(whole).\(decimals)"
    }

    private static func rate(_ count: Int, _ duration: Duration) -> String {
        let seconds = duration.secondsValue
        return String(format: "%.2f", Double(count) / seconds)
    }
}
