import Foundation
import MCP
import TachikomaCore
import ToolKit

/// A tool an MCP server listed, called like any other: arguments checked against its input schema,
/// the call sent over the server's connection, its content returned as text.
public struct MCPTool: TachikomaCore.Tool {
    public let definition: ToolDefinition
    public let server: String
    private let connection: MCPServerConnection

    init(_ tool: MCP.Tool, server: String, connection: MCPServerConnection) {
        var parameters = MCPValueConversion.json(from: tool.inputSchema)
        if parameters.objectValue == nil { parameters = ["type": "object", "properties": [:]] }
        definition = ToolDefinition(name: tool.name, description: tool.description ?? tool.title ?? "", parameters: parameters)
        self.server = server
        self.connection = connection
    }

    public var source: ToolSource { .mcpServer(server) }
    /// What a server's tool does is the server's business: always asked unless the config says `auto`.
    public var defaultPolicy: ToolPolicy { .ask }

    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        let members = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        return MCPToolPreview.text(tool: definition.name, server: server, members: members)
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let members = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        let result = try await connection.call(definition.name, arguments: members.mapValues(MCPValueConversion.value(from:)))
        let text = MCPContentText.text(of: result.content, limit: ToolSourceLimits.defaultMaxOutput)
        if result.isError {
            throw .failed(tool: definition.name, message: text.isEmpty ? "the tool reported an error" : text)
        }
        return text.isEmpty ? "(no output)" : text
    }
}

/// JSON as the SDK's `Value` and back.
enum MCPValueConversion {
    static func json(from value: Value) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .number(Double(number))
        case .double(let number): .number(number)
        case .string(let text): .string(text)
        case .data(let mimeType, let data): .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let items): .array(items.map(json(from:)))
        case .object(let members): .object(members.mapValues(json(from:)))
        }
    }

    static func value(from json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            // Whole numbers go as integers, so a server expecting `3` does not get `3.0`.
            if number.rounded() == number, abs(number) < 9e15 { return .int(Int(number)) }
            return .double(number)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(value(from:)))
        case .object(let members): return .object(members.mapValues(value(from:)))
        }
    }
}

/// A tool result's content as the text the model reads: text parts joined, other parts named briefly.
enum MCPContentText {
    static func text(of content: [MCP.Tool.Content], limit: Int) -> String {
        var parts: [String] = []
        for item in content {
            switch item {
            case .text(let text, _, _):
                parts.append(text)
            case .image(let data, let mimeType, _, _):
                parts.append("[image, \(mimeType), \(approximateSize(base64: data))]")
            case .audio(let data, let mimeType, _, _):
                parts.append("[audio, \(mimeType), \(approximateSize(base64: data))]")
            case .resource(let resource, _, _):
                if let text = resource.text {
                    parts.append(text)
                } else {
                    parts.append("[resource \(resource.uri)\(resource.mimeType.map { ", \($0)" } ?? "")]")
                }
            case .resourceLink(let uri, let name, _, _, _, _):
                parts.append("[link: \(name) \(uri)]")
            }
        }
        let joined = parts.joined(separator: "\n")
        guard joined.utf8.count > limit else { return joined }
        let kept = String(decoding: joined.utf8.prefix(limit), as: UTF8.self)
        return kept + "\n[output cut at \(limit) bytes]"
    }

    private static func approximateSize(base64: String) -> String {
        let bytes = Data(base64Encoded: base64)?.count ?? base64.utf8.count * 3 / 4
        return bytes >= 1_024 ? "\(bytes / 1_024) KiB" : "\(bytes) bytes"
    }
}
