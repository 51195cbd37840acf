import Foundation
import TachikomaCore

/// A request Ollama would refuse before doing any work: status and error message.
struct RequestRejection: Error {
    var status: Int
    var message: String
}

/// A JSON request body read the way Ollama's Go handlers bind it, with their error wording.
struct RequestBody {
    let members: [String: JSONValue]
    /// Go type name used in unmarshal errors, e.g. `ChatRequest`.
    let goType: String

    init(bytes: [UInt8], goType: String) throws(RequestRejection) {
        self.goType = goType
        guard bytes.contains(where: { !Self.isJSONSpace($0) }) else {
            throw RequestRejection(status: 400, message: "missing request body")
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw RequestRejection(status: 400, message: Self.syntaxError(in: bytes))
        }
        guard case .object(let members) = value else {
            throw RequestRejection(
                status: 400, message: "json: cannot unmarshal \(Self.kind(of: value)) into Go value of type api.\(goType)")
        }
        self.members = members
    }

    func string(_ key: String) throws(RequestRejection) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, value, "string") }
        return text
    }

    func bool(_ key: String) throws(RequestRejection) -> Bool? {
        guard let value = members[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, value, "bool") }
        return flag
    }

    func array(_ key: String, goElementType: String) throws(RequestRejection) -> [JSONValue]? {
        guard let value = members[key], value != .null else { return nil }
        guard case .array(let elements) = value else { throw mismatch(key, value, "[]\(goElementType)") }
        return elements
    }

    func object(_ key: String) throws(RequestRejection) -> [String: JSONValue]? {
        guard let value = members[key], value != .null else { return nil }
        guard case .object(let object) = value else { throw mismatch(key, value, "map[string]interface {}") }
        return object
    }

    private func mismatch(_ key: String, _ value: JSONValue, _ type: String) -> RequestRejection {
        RequestRejection(
            status: 400,
            message: "json: cannot unmarshal \(Self.kind(of: value)) into Go struct field \(goType).\(key) of type \(type)")
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Go's decoder messages for the common malformed bodies.
    private static func syntaxError(in bytes: [UInt8]) -> String {
        guard let first = bytes.first(where: { !isJSONSpace($0) }) else { return "unexpected EOF" }
        let starts = Array("{[\"-0123456789tfn".utf8)
        if !starts.contains(first) {
            let character = String(decoding: [first], as: UTF8.self)
            return "invalid character '\(character)' looking for beginning of value"
        }
        return "unexpected EOF"
    }

    private static func isJSONSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

extension JSONValue {
    /// The number as an integer when it is a number.
    var intValue: Int? {
        if case .number(let number) = self, number.isFinite, abs(number) < 1e18 { return Int(number) }
        return nil
    }
}
