/// Turns terminal input bytes into Unicode scalars one byte at a time, for libedit's
/// read-a-character hook. Malformed input becomes U+FFFD instead of being dropped silently.
struct UTF8ScalarAssembler: Sendable {
    private static let replacement: Unicode.Scalar = "\u{FFFD}"
    private var pending: [UInt8] = []
    private var expected = 0

    /// Adds one byte; returns the scalars it completes (none while a sequence is unfinished,
    /// two when a broken sequence is followed by a byte that starts a new one).
    mutating func push(_ byte: UInt8) -> [Unicode.Scalar] {
        if pending.isEmpty {
            return start(byte)
        }
        guard byte & 0xC0 == 0x80 else {
            pending.removeAll()
            return [Self.replacement] + start(byte)
        }
        pending.append(byte)
        guard pending.count == expected else { return [] }
        // The standard decoder rejects overlong forms and surrogates for us.
        let scalars = Array(String(decoding: pending, as: UTF8.self).unicodeScalars)
        pending.removeAll()
        return scalars
    }

    private mutating func start(_ byte: UInt8) -> [Unicode.Scalar] {
        switch byte {
        case 0x00...0x7F:
            return [Unicode.Scalar(byte)]
        case 0xC2...0xDF:
            expected = 2
        case 0xE0...0xEF:
            expected = 3
        case 0xF0...0xF4:
            expected = 4
        default:
            return [Self.replacement]
        }
        pending = [byte]
        return []
    }
}
