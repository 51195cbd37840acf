import Foundation

/// Timestamps as Go's `time.Time` marshals them: RFC 3339 with up to nine fraction digits, trailing zeros
/// dropped, and `Z` for a zero offset (e.g. `2025-10-20T17:03:12.48123Z`, `2025-05-04T17:37:44.706015396-07:00`).
enum GoTimestamp {
    /// Now in UTC, as Ollama stamps `created_at`.
    static func nowUTC() -> String {
        let (seconds, nanoseconds) = realtimeNow()
        return format(seconds: seconds, nanoseconds: nanoseconds, offsetSeconds: 0)
    }

    /// `offset` from now in the machine's zone, as Ollama stamps `expires_at`.
    static func localTime(after offset: Duration) -> String {
        let (seconds, nanoseconds) = realtimeNow()
        let total = Int128(seconds) * 1_000_000_000 + Int128(nanoseconds)
            + Int128(offset.components.seconds) * 1_000_000_000 + Int128(offset.components.attoseconds / 1_000_000_000)
        let zone = TimeZone.current.secondsFromGMT()
        return format(seconds: Int64(total / 1_000_000_000), nanoseconds: Int(total % 1_000_000_000), offsetSeconds: zone)
    }

    /// The HTTP `Date` header value: `Mon, 20 Oct 2025 17:03:12 GMT`.
    static func httpDate() -> String {
        let (seconds, _) = realtimeNow()
        let days = seconds / 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let secondOfDay = Int(seconds % 86_400)
        return weekdays[Int(days % 7)] + ", " + pad(day, 2) + " " + months[month - 1] + " " + String(year) + " "
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + " GMT"
    }

    static func realtimeNow() -> (Int64, Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec), Int(spec.tv_nsec))
    }

    static func format(seconds: Int64, nanoseconds: Int, offsetSeconds: Int) -> String {
        let local = seconds + Int64(offsetSeconds)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = pad(Int(year), 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanoseconds > 0 {
            var fraction = pad(nanoseconds, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if offsetSeconds == 0 {
            text += "Z"
        } else {
            let magnitude = abs(offsetSeconds) / 60
            text += (offsetSeconds < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        }
        return text
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
