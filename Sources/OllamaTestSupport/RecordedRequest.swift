import Foundation
import TachikomaCore

/// One HTTP header line as the client sent it.
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A request the scripted server received, kept for tests to inspect.
public struct RecordedRequest: Sendable {
    public var method: String
    /// The request target without the query string, e.g. `/api/chat`.
    public var path: String
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]
    /// The body parsed as JSON; nil when it is empty or not JSON.
    public var json: JSONValue?

    public init(method: String, path: String, headers: [HTTPHeaderField], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.json = body.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: Data(body))
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
