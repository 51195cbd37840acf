import NIOCore

/// What a streamed Server-Sent Events endpoint does with its events.
public protocol SSEEventHandler: SendableMetatype {
    associatedtype Event: Sendable
    /// The server has said it is done (e.g. `data: [DONE]`); later events are ignored.
    var isComplete: Bool { get }
    /// One event (its bytes only valid during the call). Throws for an error event or bad JSON.
    mutating func consume(event: SSEEvent) throws
    /// Takes the first event of `bytes` (the rest of a network read, starting at a line's start,
    /// with no event under way) when it can tell where that event ends by reading it: the bytes
    /// taken, its blank line included, else nil (then the framer cuts it and `consume(event:)` gets it).
    mutating func consumeLeadingEvent(of bytes: UnsafeRawBufferPointer) -> Int?
    /// Moves the events of what was consumed so far into `output`; called once per network read.
    mutating func takeEvents(into output: inout [Event])
    /// The body ended cleanly; throws when that was before the server said it was done.
    mutating func bodyEnded() throws
    /// What a reader sees when the connection breaks after the body began.
    func brokenBodyError(_ error: any Error) -> any Error
}

extension SSEEventHandler {
    /// No event is taken before it is framed: every event goes to `consume(event:)`.
    @inlinable
    public mutating func consumeLeadingEvent(of bytes: UnsafeRawBufferPointer) -> Int? { nil }
}

/// A `text/event-stream` body: `SSEFramer` cuts it into events, `Handler` decodes them.
public struct SSEBodyDecoder<Handler: SSEEventHandler>: StreamBodyDecoder {
    @usableFromInline var framer = SSEFramer()
    @usableFromInline var handler: Handler

    @inlinable
    public init(handler: Handler) {
        self.handler = handler
    }

    @inlinable
    public var isComplete: Bool { handler.isComplete }

    @inlinable
    public mutating func ingest(_ buffer: ByteBuffer) throws {
        try framer.feed(buffer, leadingEvent: { bytes in handler.isComplete ? nil : handler.consumeLeadingEvent(of: bytes) }) { event in
            // Events after the end marker (a proxy's trailing keep-alive, say) are not read.
            guard !handler.isComplete else { return }
            try handler.consume(event: event)
        }
    }

    @inlinable
    public mutating func ingestEnd() throws {
        try framer.finish { event in
            guard !handler.isComplete else { return }
            try handler.consume(event: event)
        }
        try handler.bodyEnded()
    }

    @inlinable
    public mutating func takeEvents(into output: inout [Handler.Event]) {
        handler.takeEvents(into: &output)
    }

    @inlinable
    public func brokenBodyError(_ error: any Error) -> any Error {
        handler.brokenBodyError(error)
    }
}

/// The source of an event stream (OpenAI-compatible streamed endpoints).
public typealias SSEResponseSource<Handler: SSEEventHandler> = HTTPResponseSource<SSEBodyDecoder<Handler>>

extension HTTPResponseSource {
    /// A source whose body is an event stream decoded event by event by `handler`.
    @inlinable
    public convenience init<Handler>(eventHandler handler: Handler, errors: HTTPErrorMapper, start: @escaping Start)
    where Decoder == SSEBodyDecoder<Handler> {
        self.init(decoder: SSEBodyDecoder(handler: handler), errors: errors, start: start)
    }
}
