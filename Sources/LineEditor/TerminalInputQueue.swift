#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibEdit

/// What the line editor has read from the terminal and not yet used: raw bytes, and the characters
/// decoded from them (a bracketed paste is taken as bytes, typed keys as characters).
///
/// Limits: one read takes at most 64 KiB; bytes stay queued until used, so a paste of any size is
/// held whole until its end marker arrives.
struct TerminalInputQueue {
    /// What one wait for input ended with.
    enum Arrival {
        /// Bytes were read, or nothing yet (a signal woke the wait): look again.
        case more
        /// The time allowed passed.
        case timedOut
        /// End of input, or an error reading it.
        case ended
    }

    private var bytes: [UInt8] = []
    private var offset = 0
    private var chunk = [UInt8](repeating: 0, count: 65536)
    private var decoder = UTF8ScalarAssembler()
    private var decoded: [Unicode.Scalar] = []
    /// Set once the terminal has no more to give.
    private(set) var reachedEnd = false

    /// Bytes read and not yet used.
    var unreadCount: Int { bytes.count - offset }

    /// Whether characters are decoded and waiting.
    var hasDecoded: Bool { !decoded.isEmpty }

    /// The unread byte `index` places from the read position.
    func byte(at index: Int) -> UInt8 { bytes[offset + index] }

    mutating func skip(_ count: Int) { offset += count }

    mutating func takeByte() -> UInt8 {
        offset += 1
        return bytes[offset - 1]
    }

    /// Decodes the next unread byte; characters it completes wait in order.
    mutating func decodeNextByte() {
        decoded = decoder.push(takeByte())
    }

    /// The next decoded character, if any.
    mutating func takeDecoded() -> Unicode.Scalar? {
        decoded.isEmpty ? nil : decoded.removeFirst()
    }

    /// Puts characters before everything queued, as if typed first (prefilled text).
    mutating func prepend(_ scalars: String.UnicodeScalarView) {
        decoded.insert(contentsOf: scalars, at: 0)
    }

    /// Forgets everything queued: the terminal drops type-ahead on Ctrl-C, and so does the editor.
    mutating func discard() {
        bytes.removeAll()
        offset = 0
        decoded.removeAll()
    }

    /// The next whole line of unread bytes, without its line break (`\n` or `\r\n`); nil when no
    /// line break has arrived yet.
    mutating func takeLine() -> String? {
        guard let newline = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
        var line = bytes[offset..<newline]
        offset = newline + 1
        if line.last == 0x0D { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// Every unread byte, as text.
    mutating func takeRest() -> String {
        defer { offset = bytes.count }
        return String(decoding: bytes[offset...], as: UTF8.self)
    }

    /// Waits for input on `descriptor` (or a signal on `signalDescriptor`) at most
    /// `waitingMilliseconds` (forever when negative), and queues what arrived.
    mutating func fill(from descriptor: Int32, signalDescriptor: Int32, waitingMilliseconds: Int) -> Arrival {
        switch tk_wait_for_input(descriptor, signalDescriptor, Int32(clamping: waitingMilliseconds)) {
        case 1:
            let received = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if received > 0 {
                bytes.removeFirst(offset)
                offset = 0
                bytes.append(contentsOf: chunk[..<received])
            } else if received == 0 || errno != EINTR && errno != EAGAIN {
                reachedEnd = true
                return .ended
            }
            return .more
        case 0:
            return .more
        case 2:
            return .timedOut
        default:
            reachedEnd = true
            return .ended
        }
    }
}
