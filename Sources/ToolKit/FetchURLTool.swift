import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TachikomaCore

/// `fetch_url`: an http(s) page as text, up to a size and a time limit. Off unless the config's
/// `tool_policy` turns it on, since it reaches the network.
public struct FetchURLTool: Tool {
    let maximumBytes: Int
    let timeout: Duration
    /// nil: `HTTPClient.shared`, touched only when a fetch runs (its threads start then, not at launch).
    let client: HTTPClient?

    public init(maximumBytes: Int = 256 * 1024, timeout: Duration = .seconds(15), client: HTTPClient? = nil) {
        self.maximumBytes = maximumBytes
        self.timeout = timeout
        self.client = client
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: "fetch_url",
            description: """
                Fetches an http:// or https:// URL with GET and returns the body as text (HTML as it is, \
                at most \(maximumBytes / 1024) KiB, within \(timeout.components.seconds) s), preceded by \
                the HTTP status and content type. Binary content (images, archives) is refused.
                """,
            parameters: [
                "type": "object",
                "properties": ["url": ["type": "string", "description": "The URL, starting with http:// or https://"]],
                "required": ["url"],
                "additionalProperties": false,
            ])
    }

    public var source: ToolSource { .builtIn }
    /// Reaches the network: offered only when the config says so.
    public var defaultPolicy: ToolPolicy { .off }

    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        "fetch \(try url(arguments).absoluteString)"
    }

    private func url(_ arguments: JSONValue) throws(ToolError) -> URL {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        let text = checked.string("url") ?? ""
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false
        else {
            throw .invalidArguments(tool: definition.name, reason: "'\(text)' is not an http:// or https:// URL")
        }
        return url
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let name = definition.name
        let url = try url(arguments)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: "tachikoma")
        request.headers.add(name: "Accept", value: "text/*, application/json, application/xml;q=0.9, */*;q=0.1")
        do {
            let response = try await (client ?? .shared).execute(request, timeout: TimeAmount.nanoseconds(Self.nanoseconds(timeout)))
            let type = response.headers.first(name: "content-type") ?? "unknown"
            guard Self.isText(type) else {
                throw ToolError.failed(tool: name, message: "\(url.absoluteString) is \(type), not text")
            }
            var body: [UInt8] = []
            var cut = false
            for try await chunk in response.body {
                body += chunk.readableBytesView.prefix(maximumBytes - body.count)
                if body.count >= maximumBytes {
                    cut = true
                    break
                }
            }
            if body.contains(0) { throw ToolError.failed(tool: name, message: "\(url.absoluteString) sent binary data, not text") }
            let text = String(decoding: body, as: UTF8.self)
            let status = "HTTP \(response.status.code) \(response.status.reasonPhrase); \(type)\n\n"
            return status + text + (cut ? "\n[fetch_url: cut after \(maximumBytes) bytes]" : "")
        } catch let error as ToolError {
            throw error
        } catch is CancellationError {
            throw .cancelled(tool: name)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timedOut(tool: name, seconds: Double(timeout.components.seconds))
        } catch {
            if Task.isCancelled { throw .cancelled(tool: name) }
            throw .failed(tool: name, message: "\(url.absoluteString): \(error)")
        }
    }

    /// Text, JSON, XML, JavaScript and friends; a missing type is given the benefit of the doubt.
    static func isText(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        if type == "unknown" || type.hasPrefix("text/") { return true }
        return ["json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "csv"].contains { type.contains($0) }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
