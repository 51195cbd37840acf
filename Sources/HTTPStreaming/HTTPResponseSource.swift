import AsyncHTTPClient
import NIOCore
import TachikomaCore

/// Turns the bytes of a streamed body into events: frames them (NDJSON lines, SSE events) and
/// decodes each frame. One value per response, owned by its `HTTPResponseSource`.
public protocol StreamBodyDecoder: SendableMetatype {
    associatedtype Event: Sendable
    /// The server has said it is done; later bytes are ignored.
    var isComplete: Bool { get }
    /// One network read. Throws for an error frame or bad JSON; events decoded before it are kept.
    mutating func ingest(_ buffer: ByteBuffer) throws
    /// The body ended cleanly: hands over a last unterminated frame, then throws when that was
    /// before the server said it was done.
    mutating func ingestEnd() throws
    /// Moves the events decoded so far into `output`; called once per network read.
    mutating func takeEvents(into output: inout [Event])
    /// What a reader sees when the connection breaks after the body began.
    func brokenBodyError(_ error: any Error) -> any Error
}

/// Drives one streamed HTTP request: sends it on the first `next()`, then reads the body chunk by
/// chunk, frames and decodes it and hands out the events of each read.
///
/// Everything runs in the consuming task (the stream is built with `AsyncThrowingStream(unfolding:)`),
/// so cancelling that task cancels the body read in AsyncHTTPClient, which closes the connection;
/// the reader then gets `BackendError.cancelled`. Dropping the stream early closes it too, when the
/// body iterator is released.
///
/// `@inlinable` throughout: it is generic over the decoder of another module, and only a
/// specialised copy keeps the per-line work free of witness-table calls.
public final class HTTPResponseSource<Decoder: StreamBodyDecoder>: @unchecked Sendable {
    // @unchecked: `next()` is only called by the single consumer of the stream, one call at a time
    // (the AsyncSequence contract); no state is touched from anywhere else.

    public typealias Start = @Sendable () async throws -> HTTPClientResponse

    @usableFromInline
    enum Phase {
        case notStarted(Start)
        case reading(HTTPClientResponse.Body.AsyncIterator)
        case finished
    }

    @usableFromInline var phase: Phase
    @usableFromInline var core: Core
    @usableFromInline let errors: HTTPErrorMapper

    /// The hot state, mutated in one `mutating` call per network read so that no per-line access
    /// to a class property is needed.
    @usableFromInline
    struct Core {
        @usableFromInline var decoder: Decoder
        @usableFromInline var events: [Decoder.Event] = []
        @usableFromInline var cursor = 0
        @usableFromInline var pendingError: (any Error)?

        @inlinable
        init(decoder: Decoder) {
            self.decoder = decoder
        }

        @inlinable
        mutating func ingest(_ buffer: ByteBuffer) {
            do {
                try decoder.ingest(buffer)
            } catch {
                pendingError = error
            }
            decoder.takeEvents(into: &events)
        }

        @inlinable
        mutating func ingestEnd() {
            do {
                try decoder.ingestEnd()
            } catch {
                pendingError = error
            }
            decoder.takeEvents(into: &events)
        }

        @inlinable
        mutating func nextEvent() -> Decoder.Event? {
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

    @inlinable
    public init(decoder: Decoder, errors: HTTPErrorMapper, start: @escaping Start) {
        self.phase = .notStarted(start)
        self.core = Core(decoder: decoder)
        self.errors = errors
    }

    /// The stream a caller iterates.
    @inlinable
    public func makeStream() -> AsyncThrowingStream<Decoder.Event, any Error> {
        AsyncThrowingStream(unfolding: { try await self.next() })
    }

    @inlinable
    public func next() async throws -> Decoder.Event? {
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
                if core.decoder.isComplete {
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

    @inlinable
    func mapBodyError(_ error: any Error) -> any Error {
        let mapped = errors.transport(error)
        switch mapped {
        case .cancelled, .timeout: return mapped
        default: return core.decoder.brokenBodyError(error)
        }
    }
}
