/// The values a numeric setting accepts: a closed range, whole numbers only or not.
///
/// Every bound fits in an `Int` (and is exact as a `Double`), so a value that passes `accepts` converts
/// to `Int`, `Int64` or a `Duration` without trapping.
public struct NumericLimit: Sendable, Hashable {
    public var lowest: Double
    public var highest: Double
    /// Whether only whole numbers are accepted.
    public var isWhole: Bool
    /// What the number counts, e.g. "seconds"; said after the range.
    public var unit: String?

    /// Whole numbers from `range.lowerBound` to `range.upperBound`.
    public init(whole range: ClosedRange<Int>, unit: String? = nil) {
        lowest = Double(range.lowerBound)
        highest = Double(range.upperBound)
        isWhole = true
        self.unit = unit
    }

    /// Any number, fractions included, from `range.lowerBound` to `range.upperBound`.
    public init(decimal range: ClosedRange<Double>, unit: String? = nil) {
        lowest = range.lowerBound
        highest = range.upperBound
        isWhole = false
        self.unit = unit
    }

    public func accepts(_ value: Double) -> Bool {
        value.isFinite && value >= lowest && value <= highest && (!isWhole || value.rounded(.towardZero) == value)
    }

    public func accepts(_ value: Int) -> Bool {
        accepts(Double(value))
    }

    /// The whole bounds, for parsing typed text with `Int(_:)`.
    public var wholeRange: ClosedRange<Int> { Int(lowest)...Int(highest) }

    /// The range in words: "a whole number from 1 to 16777216 (tokens)", "a number from 0 to 2".
    public var description: String {
        let kind = isWhole ? "a whole number" : "a number"
        let suffix = unit.map { " (\($0))" } ?? ""
        return "\(kind) from \(rangeText)\(suffix)"
    }

    /// The bounds alone: "0 to 2".
    public var rangeText: String { "\(Self.format(lowest)) to \(Self.format(highest))" }

    /// A number as a person would write it: `3`, not `3.0`; `1e+300` stays short.
    public static func format(_ value: Double) -> String {
        if value.isFinite, value.rounded(.towardZero) == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}

/// What each numeric setting accepts, in one place for the config file, `/set` and their help.
///
/// Servers themselves bound few of these; the ranges hold what any model or person would use and keep out
/// values that would overflow (a timeout of 1e300 seconds) or that the server would reject.
public enum SettingLimits {
    /// The context window (`num_ctx`): below 128 tokens no prompt template and answer fit; 16M tokens is beyond the
    /// longest context any model offers today.
    public static let contextLength = NumericLimit(whole: 128...16_777_216, unit: "tokens")
    /// `connect_timeout` and `request_timeout`: up to a day.
    public static let timeout = NumericLimit(decimal: 0.001...86_400, unit: "seconds")
    /// `keep_alive` as a number: whole seconds up to 68 years; negative keeps the model loaded, 0 unloads it.
    public static let keepAliveSeconds = NumericLimit(whole: Int(Int32.min)...Int(Int32.max), unit: "seconds")
    /// `history_size`: entries kept; 0 keeps none.
    public static let historySize = NumericLimit(whole: 0...1_000_000, unit: "entries")
    /// `tool_rounds`: rounds of tool calls one message may lead to.
    public static let toolRounds = NumericLimit(whole: 1...100, unit: "rounds")

    public static let temperature = NumericLimit(decimal: 0...2)
    public static let topP = NumericLimit(decimal: 0...1)
    /// 0 turns top-k sampling off; no vocabulary is larger than a million tokens.
    public static let topK = NumericLimit(whole: 0...1_000_000)
    public static let minP = NumericLimit(decimal: 0...1)
    /// -1 generates until the model stops, -2 until the context is full.
    public static let numPredict = NumericLimit(whole: -2...Int(Int32.max), unit: "tokens")
    /// Servers pass the seed to the runner as 32 bits; both signed and unsigned spellings fit.
    public static let seed = NumericLimit(whole: Int(Int32.min)...Int(UInt32.max))
    /// 1 is no penalty; above 2 text falls apart.
    public static let repeatPenalty = NumericLimit(decimal: 0...2)
    /// -1 looks back over the whole context, 0 turns the penalty off.
    public static let repeatLastN = NumericLimit(whole: -1...16_777_216, unit: "tokens")
}
