/// Go's `time.ParseDuration` syntax, which servers written in Go apply to a `keep_alive` string: `5m`, `1h30m`,
/// `-1s`, `1.5h`, `300ms`; units ns, us (µs), ms, s, m, h; `0` alone needs no unit.
///
/// Checked here so that a mistyped `keep_alive` is one line at start-up, not a 400 from the server on
/// every message.
public enum GoDuration {
    /// The duration in seconds, or nil when Go would refuse the text (bad syntax, or beyond the
    /// ±292 years an int64 of nanoseconds holds).
    public static func seconds(_ text: String) -> Double? {
        var rest = Substring(text)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard number.filter({ $0 == "." }).count <= 1, number.contains(where: \.isNumber),
                let value = Double(number.hasPrefix(".") ? "0" + number : number + (number.hasSuffix(".") ? "0" : ""))
            else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let scale = unitSeconds[String(unit)] else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        guard total <= maximumSeconds else { return nil }
        return sign * total
    }

    private static let unitSeconds: [String: Double] = [
        "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600,
    ]

    /// Int64.max nanoseconds.
    private static let maximumSeconds = 9_223_372_036.854775807
}
