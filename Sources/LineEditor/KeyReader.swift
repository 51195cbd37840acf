#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one key from a terminal in non-canonical mode, for a question answered by a key.
///
/// A printable character (a whole UTF-8 sequence) is the answer; Enter is the empty answer; Ctrl-C
/// is `.interrupted` and Ctrl-D `.endOfFile`. Escape sequences (arrows, function keys) and other
/// control keys are skipped, so a stray arrow does not answer. Limits: an escape sequence is taken
/// as what arrives within 30 ms of its ESC.
struct KeyReader {
    let descriptor: Int32

    mutating func nextKey() -> LineInput {
        var assembler = UTF8ScalarAssembler()
        while let byte = readByte() {
            switch byte {
            case 0x03: return .interrupted
            case 0x04: return .endOfFile
            case 0x0D, 0x0A: return .text("")
            case 0x1B:
                skipEscapeSequence()
                continue
            case 0x00..<0x20, 0x7F:
                continue
            default:
                if let scalar = assembler.push(byte).last, scalar != "\u{FFFD}" { return .text(String(Character(scalar))) }
            }
        }
        return .endOfFile
    }

    /// One byte, waiting as long as it takes; nil at end of input or on an error.
    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// Drops the bytes that follow an ESC while they keep coming.
    private func skipEscapeSequence() {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 30) > 0, readByte() != nil {}
    }
}
