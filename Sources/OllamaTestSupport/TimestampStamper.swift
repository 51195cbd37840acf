/// `created_at` for every line of a fast stream, as Ollama stamps each line with `time.Now()`: the
/// date and time of day are formatted once a second, the fraction each line (its length varies as Go
/// drops trailing zeros), so a benchmark server can stamp 200 000 lines without becoming the
/// bottleneck. Reading the clock can be a system call (about a microsecond on some virtual machines),
/// so `advance` reads it once every 256 lines and moves on by 1 009 ns in between.
struct TimestampStamper {
    private var second: Int64 = .min
    private var nanosecond = 0
    /// `2025-10-20T17:03:12` of `second`.
    private var head: [UInt8] = []
    private var linesSinceClockRead = 0

    /// Replaces `bytes` with now in UTC, as `GoTimestamp.nowUTC()` spells it.
    mutating func stamp(into bytes: inout [UInt8]) {
        let (seconds, nanoseconds) = GoTimestamp.realtimeNow()
        linesSinceClockRead = 0
        write(seconds: seconds, nanoseconds: nanoseconds, into: &bytes)
    }

    /// Replaces `bytes` with a time a little after the last one (now, every 256 calls).
    mutating func advance(into bytes: inout [UInt8]) {
        linesSinceClockRead += 1
        guard second != .min, linesSinceClockRead < 256 else { return stamp(into: &bytes) }
        var seconds = second
        var nanoseconds = nanosecond + 1_009
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            seconds += 1
        }
        write(seconds: seconds, nanoseconds: nanoseconds, into: &bytes)
    }

    private mutating func write(seconds: Int64, nanoseconds: Int, into bytes: inout [UInt8]) {
        if seconds != second {
            second = seconds
            head = Array(GoTimestamp.format(seconds: seconds, nanoseconds: 0, offsetSeconds: 0).utf8.dropLast())
        }
        nanosecond = nanoseconds
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: head)
        if nanoseconds > 0 {
            var digits = nanoseconds
            var width = 9
            while digits % 10 == 0 {
                digits /= 10
                width -= 1
            }
            bytes.append(UInt8(ascii: "."))
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
            var position = start + width - 1
            while digits > 0 {
                bytes[position] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
                position -= 1
            }
        }
        bytes.append(UInt8(ascii: "Z"))
    }
}
