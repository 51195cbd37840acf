import TerminalText
import Foundation

/// The REPL's way to the screen: an output that can be shut at once and opened again, and that
/// can show one transient mark (the waiting spinner) which the next write erases.
///
/// Ctrl-C closes it from the signal queue, so printing stops even before the interrupted task has
/// noticed its cancellation; the REPL reopens it once that task has ended.
final class OutputGate: TextOutput, @unchecked Sendable {
    private let output: any TextOutput
    // Guards everything below, and is held during a write so `close` waits for it.
    private let lock = NSLock()
    private var isOpen = true
    private var lastWasNewline = true
    /// A transient mark is on screen at the start of the cursor's line.
    private var transientShown = false
    private var failureReported = false
    /// Called once, on the writing thread, when a write fails (e.g. the reader of a pipe left).
    private let onFailure: @Sendable (OutputFailure) -> Void

    /// Erases a transient mark drawn at the start of a line.
    static let eraseTransient = "\r\u{1B}[K"

    init(_ output: any TextOutput, onFailure: @escaping @Sendable (OutputFailure) -> Void = { _ in }) {
        self.output = output
        self.onFailure = onFailure
    }

    func write(_ text: String) {
        lock.lock()
        guard isOpen else {
            lock.unlock()
            return
        }
        output.write(erasingTransient() + text)
        if let endsLine = Self.endsWithNewline(text) { lastWasNewline = endsLine }
        let failure = failureReported ? nil : output.writeFailure
        if failure != nil { failureReported = true }
        lock.unlock()
        if let failure { onFailure(failure) }
    }

    var writeFailure: OutputFailure? { output.writeFailure }

    func columns() -> Int? { output.columns() }

    var acceptsEscapeCodes: Bool { output.acceptsEscapeCodes }

    /// Shuts the gate: after this returns, nothing more gets through until `reopen`.
    func close() {
        lock.lock()
        isOpen = false
        lock.unlock()
    }

    /// Opens the gate again, first erasing a transient mark left on screen.
    func reopen() {
        lock.lock()
        defer { lock.unlock() }
        isOpen = true
        let erase = erasingTransient()
        if !erase.isEmpty { output.write(erase) }
    }

    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !isOpen
    }

    /// Draws `mark` (e.g. a spinner frame) at the start of the current line, replacing the
    /// previous mark; only when the cursor is at the start of a line and the gate is open.
    func showTransient(_ mark: String) {
        lock.lock()
        defer { lock.unlock() }
        guard isOpen, lastWasNewline else { return }
        output.write(erasingTransient() + mark)
        transientShown = true
    }

    /// Erases the transient mark, if one is shown (and the gate is open).
    func clearTransient() {
        lock.lock()
        defer { lock.unlock() }
        guard isOpen else { return }
        let erase = erasingTransient()
        if !erase.isEmpty { output.write(erase) }
    }

    /// Whether the cursor is at the start of a line after what got through.
    var atLineStart: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lastWasNewline
    }

    // Called with the lock held.
    private func erasingTransient() -> String {
        guard transientShown else { return "" }
        transientShown = false
        return Self.eraseTransient
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
