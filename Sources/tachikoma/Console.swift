import Foundation
import Synchronization

/// Unbuffered writes to stdout or stderr: each call reaches the terminal at once, whole.
///
/// The first failed write of each stream is kept, so a command can stop at once when its reader
/// has gone and the entry point can turn the failure into an exit code.
struct Console: Sendable {
    let descriptor: Int32

    static let standardOutput = Console(descriptor: STDOUT_FILENO)
    static let standardError = Console(descriptor: STDERR_FILENO)

    private static let failures = Mutex<[Int32: OutputFailure]>([:])

    /// Whether this stream is a terminal.
    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// The first write to this stream that failed, if any.
    var failure: OutputFailure? { Self.failures.withLock { $0[descriptor] } }

    /// Writes all of `text`; returns false (and records why) when the write failed, e.g. because
    /// the reader of a pipe has gone.
    @discardableResult
    func write(_ text: String) -> Bool {
        var text = text
        let errorNumber: Int32? = text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        guard let errorNumber else { return true }
        let failure = OutputFailure(errorNumber: errorNumber)
        Self.failures.withLock { if $0[descriptor] == nil { $0[descriptor] = failure } }
        return false
    }
}

/// Why writing to stdout failed.
enum OutputFailure: Error, Equatable {
    /// The reader has gone (EPIPE), e.g. `| head -c 5` has read all it wants.
    case closed
    /// Any other write error (a full disk, `/dev/full`, an I/O error).
    case failed(reason: String)

    init(errorNumber: Int32) {
        self = errorNumber == EPIPE ? .closed : .failed(reason: String(cString: strerror(errorNumber)))
    }
}

extension CommandFailure {
    /// A write to stdout failed: quietly 141 (what a shell reports for a program that SIGPIPE
    /// ended) when the reader left, else one line and 1.
    static func output(_ failure: OutputFailure) -> CommandFailure {
        switch failure {
        case .closed: return CommandFailure(message: "", exitCode: 128 + SIGPIPE)
        case .failed(let reason): return CommandFailure(message: "could not write to standard output: \(reason)", exitCode: 1)
        }
    }
}
