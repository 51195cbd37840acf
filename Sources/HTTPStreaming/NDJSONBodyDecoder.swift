import NIOCore

/// What a streamed NDJSON endpoint does with its lines.
public protocol StreamLineHandler: SendableMetatype {
    associatedtype Event: Sendable
    /// The server has said it is done; later lines are ignored.
    var isComplete: Bool { get }
    /// One complete line (bytes only valid during the call). Throws for an error line or bad JSON.
    mutating func consume(line: UnsafeRawBufferPointer) throws
    /// Takes the lines at the start of `bytes` (the rest of a network read) whose ends it can tell by
    /// reading them: the bytes taken, whole lines with their `\n`, 0 when none (then the next line
    /// is found and `consume(line:)` gets it). One call for a run of lines, not one a line.
    mutating func consumeLeadingLines(of bytes: UnsafeRawBufferPointer) -> Int
    /// Moves the events of the lines consumed so far into `output`; called once per network read.
    mutating func takeEvents(into output: inout [Event])
    /// The body ended cleanly; throws when that was before the server said it was done.
    func bodyEnded() throws
    /// What a reader sees when the connection breaks after the body began.
    func brokenBodyError(_ error: any Error) -> any Error
}

extension StreamLineHandler {
    /// No line is taken before it is found: every line goes to `consume(line:)`.
    @inlinable
    public mutating func consumeLeadingLines(of bytes: UnsafeRawBufferPointer) -> Int { 0 }
}

/// An NDJSON body: `NDJSONFramer` cuts it into lines, `Handler` decodes them.
public struct NDJSONBodyDecoder<Handler: StreamLineHandler>: StreamBodyDecoder {
    @usableFromInline var framer = NDJSONFramer()
    @usableFromInline var handler: Handler

    @inlinable
    public init(handler: Handler) {
        self.handler = handler
    }

    @inlinable
    public var isComplete: Bool { handler.isComplete }

    @inlinable
    public mutating func ingest(_ buffer: ByteBuffer) throws {
        try framer.feed(buffer, leadingLines: { bytes in handler.consumeLeadingLines(of: bytes) }) { line in
            try handler.consume(line: line)
        }
    }

    @inlinable
    public mutating func ingestEnd() throws {
        try framer.finish { line in try handler.consume(line: line) }
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

/// The source of an NDJSON stream (Ollama's streamed endpoints).
public typealias NDJSONResponseSource<Handler: StreamLineHandler> = HTTPResponseSource<NDJSONBodyDecoder<Handler>>

extension HTTPResponseSource {
    /// A source whose body is NDJSON decoded line by line by `handler`.
    @inlinable
    public convenience init<Handler>(handler: Handler, errors: HTTPErrorMapper, start: @escaping Start)
    where Decoder == NDJSONBodyDecoder<Handler> {
        self.init(decoder: NDJSONBodyDecoder(handler: handler), errors: errors, start: start)
    }
}
