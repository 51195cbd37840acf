import Foundation

/// An output that can be shut at once: after `close()` returns, nothing more gets through.
///
/// The answer's task writes through the gate; Ctrl-C closes it from the signal queue, so printing
/// stops even before the task has noticed its cancellation.
final class OutputGate: ChatOutput, @unchecked Sendable {
    private let output: any ChatOutput
    // Guards `isOpen` and `lastWasNewline`, and is held during a write so `close` waits for it.
    private let lock = NSLock()
    private var isOpen = true
    private var lastWasNewline = true

    init(_ output: any ChatOutput) {
        self.output = output
    }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard isOpen else { return }
        output.write(text)
        if let endsLine = Self.endsWithNewline(text) { lastWasNewline = endsLine }
    }

    func columns() -> Int? { output.columns() }

    func close() {
        lock.lock()
        isOpen = false
        lock.unlock()
    }

    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !isOpen
    }

    /// Whether the cursor is at the start of a line after what got through.
    var atLineStart: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lastWasNewline
    }

    /// Whether the visible text ends with a newline, ignoring trailing SGR sequences; nil when the
    /// text has nothing visible.
    static func endsWithNewline(_ text: String) -> Bool? {
        var scalars = Substring(text).unicodeScalars[...]
        while let last = scalars.last {
            if last == "m", let escape = scalars.lastIndex(of: "\u{1B}"),
                scalars[scalars.index(after: escape)...].dropLast().allSatisfy({ $0 == "[" || $0 == ";" || ("0"..."9").contains($0) })
            {
                scalars = scalars[..<escape]
                continue
            }
            return last == "\n"
        }
        return nil
    }
}
