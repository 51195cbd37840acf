import NIOCore
import NIOHTTP1

/// One client connection: reads requests one after another (keep-alive) and answers each.
struct OllamaConnection {
    let connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    let state: SharedServerState

    func run() async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = []
                        if requestHead.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                            // Go's server answers 100 Continue as soon as a handler reads the body; curl waits for it.
                            try await outbound.write(.head(HTTPResponseHead(version: requestHead.version, status: .continue)))
                        }
                    case .body(let buffer):
                        body.append(contentsOf: buffer.readableBytesView)
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        let request = record(requestHead, body: body)
                        let response = ResponseChannel(
                            outbound: outbound, channel: channel, omitBody: requestHead.method == .HEAD
                        )
                        let keepGoing = try await OllamaRouter(state: state, request: request, response: response).route()
                        if !keepGoing || !requestHead.isKeepAlive { return }
                    }
                }
            }
        } catch {
            // The client went away or the server is shutting down: nothing left to answer.
        }
    }

    private func record(_ head: HTTPRequestHead, body: [UInt8]) -> RecordedRequest {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
        let request = RecordedRequest(
            method: head.method.rawValue,
            path: path,
            headers: head.headers.map { HTTPHeaderField(name: $0.name, value: $0.value) },
            body: body
        )
        state.withLock { $0.requests.append(request) }
        return request
    }
}
