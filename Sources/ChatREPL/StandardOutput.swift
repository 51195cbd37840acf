import Foundation
import LineEditor
import Synchronization
import TerminalText

/// Standard output or standard error: one `write(2)` per call, so every delta shows as it arrives.
///
/// The first failed write of each stream is kept, so the program can stop at once when its reader
/// has gone and turn the failure into an exit code.
public struct StandardOutput: TextOutput {
    public let descriptor: Int32

    public static let standardOutput = StandardOutput(descriptor: STDOUT_FILENO)
    public static let standardError = StandardOutput(descriptor: STDERR_FILENO)

    private static let failures = Mutex<[Int32: OutputFailure]>([:])

    /// Standard output by default.
    public init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
    }

    /// Whether this stream is a terminal.
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public var acceptsEscapeCodes: Bool { TerminalCapability.acceptsEscapeCodes(descriptor: descriptor) }

    public var writeFailure: OutputFailure? { Self.failures.withLock { $0[descriptor] } }

    public func write(_ text: String) {
        writeReportingSuccess(text)
    }

    /// Writes all of `text`; returns false (and records why) when the write failed.
    @discardableResult
    public func writeReportingSuccess(_ text: String) -> Bool {
        var text = text
        let errorNumber: Int32? = text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno != EINTR && errno != EAGAIN {
                    return errno
                }
            }
            return nil
        }
        guard let errorNumber else { return true }
        let failure = OutputFailure(errorNumber: errorNumber)
        Self.failures.withLock { if $0[descriptor] == nil { $0[descriptor] = failure } }
        return false
    }

    /// Writes `text` as lines of a message (an error, a warning), each broken between words at the
    /// terminal's width with its own indent kept, so no word is cut at the edge; as it is elsewhere.
    public func writeMessage(_ text: String) {
        write(HelpText.wrapLines(text, width: columns()) + "\n")
    }

    // The renderer asks for the width at every word: one `ioctl`, which fails (ENOTTY) on a pipe or
    // a file, rather than `isatty` first.
    public func columns() -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    public func rows() -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }
}
