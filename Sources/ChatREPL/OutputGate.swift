import TerminalText
import Foundation
import Synchronization
import TachikomaCore

/// The REPL's way to the screen: an output that can be shut at once and opened again, and that
/// can show one transient mark (the waiting spinner) which the next write erases.
///
/// Ctrl-C closes it from the signal router's queue, so printing stops even before the interrupted
/// task has noticed its cancellation; the REPL reopens it once that task has ended.
final class OutputGate: TextOutput, Sendable {
    /// Whether writes get through.
    private enum Passage {
        case open
        case shut
    }

    /// Where the cursor is after what got through.
    private enum Cursor {
        case lineStart
        /// At the start of a line, with a transient mark drawn there (the next write erases it).
        case afterTransient
        case midLine
    }

    private struct State {
        var passage = Passage.open
        var cursor = Cursor.lineStart
    }

    private let output: any TextOutput
    // Held during a write, so `close` waits for one under way.
    private let state = Mutex(State())
    /// The first failed write; the failure handler runs once, on the writing thread, when it fires.
    private let failure = OneShot<OutputFailure>()

    /// Erases a transient mark drawn at the start of a line.
    static let eraseTransient = "\r\u{1B}[K"

    /// - Parameter onFailure: called once, on the writing thread, when a write fails (e.g. the
    ///   reader of a pipe left).
    init(_ output: any TextOutput, onFailure: @escaping @Sendable (OutputFailure) -> Void = { _ in }) {
        self.output = output
        failure.whenFired(onFailure)
    }

    func write(_ text: String) {
        let failed: OutputFailure? = state.withLock { state in
            guard state.passage == .open else { return nil }
            output.write(Self.erasingTransient(&state) + text)
            if let endsLine = Self.endsWithNewline(text) { state.cursor = endsLine ? .lineStart : .midLine }
            return output.writeFailure
        }
        if let failed { failure.fire(failed) }
    }

    var writeFailure: OutputFailure? { output.writeFailure }

    func columns() -> Int? { output.columns() }

    func rows() -> Int? { output.rows() }

    var acceptsEscapeCodes: Bool { output.acceptsEscapeCodes }

    /// Shuts the gate: after this returns, nothing more gets through until `reopen`.
    func close() {
        state.withLock { $0.passage = .shut }
    }

    /// Opens the gate again, first erasing a transient mark left on screen.
    func reopen() {
        state.withLock { state in
            state.passage = .open
            let erase = Self.erasingTransient(&state)
            if !erase.isEmpty { output.write(erase) }
        }
    }

    var isClosed: Bool {
        state.withLock { $0.passage == .shut }
    }

    /// Draws `mark` (e.g. a spinner frame) at the start of the current line, replacing the
    /// previous mark; only when the cursor is at the start of a line and the gate is open.
    func showTransient(_ mark: String) {
        state.withLock { state in
            guard state.passage == .open, state.cursor != .midLine else { return }
            output.write(Self.erasingTransient(&state) + mark)
            state.cursor = .afterTransient
        }
    }

    /// Erases the transient mark, if one is shown (and the gate is open).
    func clearTransient() {
        state.withLock { state in
            guard state.passage == .open else { return }
            let erase = Self.erasingTransient(&state)
            if !erase.isEmpty { output.write(erase) }
        }
    }

    /// Whether the cursor is at the start of a line after what got through.
    var atLineStart: Bool {
        state.withLock { $0.cursor != .midLine }
    }

    /// The escape that erases a transient mark when one is shown (which the caller writes next),
    /// else nothing.
    private static func erasingTransient(_ state: inout State) -> String {
        guard state.cursor == .afterTransient else { return "" }
        state.cursor = .lineStart
        return eraseTransient
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
