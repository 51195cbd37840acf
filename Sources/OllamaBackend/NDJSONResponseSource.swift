import AsyncHTTPClient
import NIOCore
import TachikomaCore

/// What a streamed endpoint does with its lines.
protocol StreamLineHandler: SendableMetatype {
    associatedtype Event: Sendable
    /// The server has said it is done; later lines are ignored.
    var isComplete: Bool { get }
    /// One complete line (bytes only valid during the call). Throws for an error line or bad JSON.
    mutating func consume(line: UnsafeRawBufferPointer) throws
    /// Takes the first line of `bytes` (the rest of a network read) when it can tell where that line
    /// ends by reading it: the bytes taken, its `\n` included, else nil (then `consume(line:)` gets it).
    mutating func consumeLeadingLine(of bytes: UnsafeRawBufferPointer) -> Int?
    /// Moves the events of the lines consumed so far into `output`; called once per network read.
    mutating func takeEvents(into output: inout [Event])
    /// The body ended cleanly; throws when that was before the server said it was done.
    func bodyEnded() throws
    /// What a reader sees when the connection breaks after the body began.
    func brokenBodyError(_ error: any Error) -> any Error
}

/// Drives one streamed HTTP request: sends it on the first `next()`, then reads the body chunk by
/// chunk, frames lines and hands out the events of each read.
///
/// Everything runs in the consuming task (the stream is built with `AsyncThrowingStream(unfolding:)`),
/// so cancelling that task cancels the body read in AsyncHTTPClient, which closes the connection;
/// the reader then gets `BackendError.cancelled`. Dropping the stream early closes it too, when the
/// body iterator is released.
final class NDJSONResponseSource<Handler: StreamLineHandler>: @unchecked Sendable {
    // @unchecked: `next()` is only called by the single consumer of the stream, one call at a time
    // (the AsyncSequence contract); no state is touched from anywhere else.

    typealias Start = @Sendable () async throws -> HTTPClientResponse

    private enum Phase {
        case notStarted(Start)
        case reading(HTTPClientResponse.Body.AsyncIterator)
        case finished
    }

    private var phase: Phase
    private var core: Core
    private let errors: HTTPErrorMapper

    /// The hot state, mutated in one `mutating` call per network read so that no per-line access
    /// to a class property is needed.
    private struct Core {
        var framer = NDJSONFramer()
        var handler: Handler
        var events: [Handler.Event] = []
        var cursor = 0
        var pendingError: (any Error)?

        mutating func ingest(_ buffer: ByteBuffer) {
            do {
                try framer.feed(buffer, leadingLine: { bytes in handler.consumeLeadingLine(of: bytes) }) { line in
                    try handler.consume(line: line)
                }
            } catch {
                pendingError = error
            }
            handler.takeEvents(into: &events)
        }

        mutating func ingestEnd() {
            do {
                try framer.finish { line in try handler.consume(line: line) }
                handler.takeEvents(into: &events)
                try handler.bodyEnded()
            } catch {
                handler.takeEvents(into: &events)
                pendingError = error
            }
        }

        mutating func nextEvent() -> Handler.Event? {
            guard cursor < events.count else {
                if !events.isEmpty {
                    events.removeAll(keepingCapacity: true)
                    cursor = 0
                }
                return nil
            }
            defer { cursor += 1 }
            return events[cursor]
        }
    }

    init(handler: Handler, errors: HTTPErrorMapper, start: @escaping Start) {
        self.phase = .notStarted(start)
        self.core = Core(handler: handler)
        self.errors = errors
    }

    /// The stream a caller iterates.
    func makeStream() -> AsyncThrowingStream<Handler.Event, any Error> {
        AsyncThrowingStream(unfolding: { try await self.next() })
    }

    func next() async throws -> Handler.Event? {
        while true {
            if let event = core.nextEvent() { return event }
            if let error = core.pendingError {
                core.pendingError = nil
                phase = .finished
                throw error
            }
            switch phase {
            case .finished:
                return nil
            case .notStarted(let start):
                phase = .finished
                guard !Task.isCancelled else { throw BackendError.cancelled }
                phase = .reading(try await start().body.makeAsyncIterator())
            case .reading(var iterator):
                if core.handler.isComplete {
                    // Read the end of the body so the connection can be reused, then end the stream.
                    phase = .finished
                    while (try? await iterator.next()) != nil {}
                    return nil
                }
                let buffer: ByteBuffer?
                do {
                    buffer = try await iterator.next()
                } catch {
                    phase = .finished
                    throw mapBodyError(error)
                }
                if Task.isCancelled {
                    phase = .finished
                    throw BackendError.cancelled
                }
                if let buffer {
                    phase = .reading(iterator)
                    core.ingest(buffer)
                } else {
                    phase = .finished
                    core.ingestEnd()
                }
            }
        }
    }

    private func mapBodyError(_ error: any Error) -> any Error {
        let mapped = errors.transport(error)
        switch mapped {
        case .cancelled, .timeout: return mapped
        default: return core.handler.brokenBodyError(error)
        }
    }
}

extension StreamLineHandler {
    /// No line is taken before it is found: every line goes to `consume(line:)`.
    mutating func consumeLeadingLine(of bytes: UnsafeRawBufferPointer) -> Int? { nil }
}
