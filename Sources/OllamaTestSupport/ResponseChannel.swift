import NIOCore
import NIOHTTP1

/// Writes one HTTP response on a connection, as Go's net/http would frame it.
struct ResponseChannel {
    let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    let channel: any Channel
    /// HEAD requests get the head of the response only.
    let omitBody: Bool

    /// A complete response with `Content-Length`.
    func sendFull(status: Int, contentType: String?, body: [UInt8], extraHeaders: [(String, String)] = []) async throws {
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        headers.add(name: "Date", value: GoTimestamp.httpDate())
        headers.add(name: "Content-Length", value: String(body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        var parts: [HTTPServerResponsePart] = [.head(head)]
        if !omitBody, !body.isEmpty {
            parts.append(.body(.byteBuffer(channel.allocator.buffer(bytes: body))))
        }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }

    /// A JSON response as gin's `c.JSON` sends it (no trailing newline).
    func sendJSON(status: Int, _ value: OrderedJSON) async throws {
        var writer = GoJSONWriter()
        writer.write(value)
        try await sendFull(status: status, contentType: ContentType.json, body: writer.bytes)
    }

    /// `{"error":"message"}` with the given status.
    func sendError(status: Int, _ message: String) async throws {
        try await sendJSON(status: status, .object([("error", .string(message))]))
    }

    /// The head of a `200` chunked stream (NDJSON unless told otherwise).
    func startStream(contentType: String = ContentType.ndjson) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Date", value: GoTimestamp.httpDate())
        headers.add(name: "Transfer-Encoding", value: "chunked")
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
    }

    /// One chunk of the stream (may hold many lines), flushed at once.
    func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(.body(.byteBuffer(channel.allocator.buffer(bytes: bytes))))
    }

    /// The last lines and the end of the chunked body, in one write.
    func finish(_ lastBytes: [UInt8]) async throws {
        var parts: [HTTPServerResponsePart] = []
        if !lastBytes.isEmpty { parts.append(.body(.byteBuffer(channel.allocator.buffer(bytes: lastBytes)))) }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }

    /// Drops the connection in the middle of the response.
    func abort() async {
        try? await channel.close()
    }

    /// Returns once the client has gone (or the server is shutting down).
    func waitUntilClosed() async {
        let channel = self.channel
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}

enum ContentType {
    static let json = "application/json; charset=utf-8"
    static let ndjson = "application/x-ndjson"
    static let eventStream = "text/event-stream; charset=utf-8"
    static let text = "text/plain; charset=utf-8"
}
