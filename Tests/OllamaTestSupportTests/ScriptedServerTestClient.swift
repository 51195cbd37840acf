import NIOCore
import NIOPosix
import TachikomaCore
import Foundation

/// A response read byte for byte off the wire (with `Connection: close`), chunked framing undone.
struct ScriptedServerRawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// Whether the body used chunked framing and ended with the terminating zero-length chunk.
    var chunkedComplete: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The NDJSON lines of the body (without their `\n`).
    var lines: [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Each line parsed as JSON.
    var jsonLines: [JSONValue] {
        lines.compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }
}

enum ScriptedServerRawError: Error {
    case malformedResponse(String)
}

/// A deliberately dumb HTTP/1.1 client on a raw TCP socket, so tests see exactly what the server sent.
enum ScriptedServerTestClient {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> Connection {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    static func requestBytes(_ method: String, _ path: String, body: String?) -> ByteBuffer {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nUser-Agent: scripted-server-tests\r\n"
        if let body {
            text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        return ByteBuffer(string: text)
    }

    /// Sends one request and reads the whole response until the server closes the connection.
    static func send(port: Int, _ method: String, _ path: String, body: String? = nil) async throws -> ScriptedServerRawResponse {
        let connection = try await connect(port: port)
        var received: [UInt8] = []
        try await connection.executeThenClose { inbound, outbound in
            try await outbound.write(requestBytes(method, path, body: body))
            do {
                for try await chunk in inbound {
                    received.append(contentsOf: chunk.readableBytesView)
                }
            } catch {
                // A reset after a deliberate drop: keep what arrived.
            }
        }
        return try parse(received, method: method)
    }

    static func parse(_ bytes: [UInt8], method: String = "GET") throws -> ScriptedServerRawResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.firstRange(of: separator) else {
            throw ScriptedServerRawError.malformedResponse("no end of headers in \(bytes.count) bytes")
        }
        let headLines = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = headLines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw ScriptedServerRawError.malformedResponse(headLines[0])
        }
        let headers: [(String, String)] = headLines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let rest = Array(bytes[headEnd.upperBound...])
        let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }
        guard chunked else {
            return ScriptedServerRawResponse(status: status, headers: headers, body: rest, chunkedComplete: false)
        }
        var body: [UInt8] = []
        var index = 0
        var complete = false
        while index < rest.count {
            guard let lineEnd = rest[index...].firstRange(of: Array("\r\n".utf8)) else { break }
            let sizeText = String(decoding: rest[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16) else { throw ScriptedServerRawError.malformedResponse("chunk size \(sizeText)") }
            if size == 0 {
                complete = true
                break
            }
            let start = lineEnd.upperBound
            guard start + size <= rest.count else {
                body.append(contentsOf: rest[start...])
                break
            }
            body.append(contentsOf: rest[start..<(start + size)])
            index = start + size + 2
        }
        return ScriptedServerRawResponse(status: status, headers: headers, body: body, chunkedComplete: complete)
    }
}

extension JSONValue {
    /// The value at a path of object keys (names chosen not to clash with other test files' helpers).
    func scripted(_ path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?.objectValue?[key] }
        return current
    }

    var scriptedNumber: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var scriptedArray: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
