import Foundation

/// Where the REPL writes: the terminal, or a buffer in tests.
///
/// Writes come from the task that consumes the answer stream as well as from the REPL, one at a time.
public protocol ChatOutput: Sendable {
    /// Writes the text at once, unbuffered.
    func write(_ text: String)
    /// The terminal's width in columns, read afresh on every call; nil when not a terminal.
    func columns() -> Int?
}

/// The process's standard output: one `write(2)` per call, so every delta shows as it arrives.
public struct StandardOutput: ChatOutput {
    public init() {}

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDOUT_FILENO, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR || errno == EAGAIN {
                    continue
                } else {
                    return
                }
            }
        }
    }

    public func columns() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
