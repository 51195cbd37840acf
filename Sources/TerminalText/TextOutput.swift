import Foundation

/// Where text is written: the terminal (standard output or error), or a buffer in tests.
///
/// Writes come from the task that consumes an answer as well as from the chat, one at a time.
public protocol TextOutput: Sendable {
    /// Writes the text at once, unbuffered.
    func write(_ text: String)
    /// The terminal's width in columns, read afresh on every call; nil when not a terminal.
    func columns() -> Int?
    /// The terminal's height in rows, read afresh on every call; nil when not a terminal or unknown.
    func rows() -> Int?
    /// The first write that failed, if any (e.g. the reader of a pipe has gone).
    var writeFailure: OutputFailure? { get }
    /// Whether escape sequences may be written: colour, the spinner, moving a word that reached
    /// the edge. Not on a pipe or file, nor on a terminal whose `TERM` is `dumb`.
    var acceptsEscapeCodes: Bool { get }
}

extension TextOutput {
    public var writeFailure: OutputFailure? { nil }
    public func rows() -> Int? { nil }
    public var acceptsEscapeCodes: Bool { columns() != nil }
}

/// Why writing to an output failed.
public enum OutputFailure: Error, Sendable, Equatable {
    /// The reader has gone (EPIPE), e.g. `| head -c 5` has read all it wants.
    case closed
    /// Any other write error (a full disk, `/dev/full`, an I/O error), in words.
    case failed(reason: String)

    public init(errorNumber: Int32) {
        self = errorNumber == EPIPE ? .closed : .failed(reason: String(cString: strerror(errorNumber)))
    }

    /// 141 when the reader left (what a shell reports for a program SIGPIPE ended), else 1.
    public var exitCode: Int32 {
        self == .closed ? 128 + SIGPIPE : 1
    }

    /// The line to print: none when the reader left (nobody asked for more), else what failed.
    public var message: String? {
        switch self {
        case .closed: return nil
        case .failed(let reason): return "could not write to standard output: \(reason)"
        }
    }
}

