import Foundation
import TachikomaCore

/// `GET /api/version`.
struct VersionResponse: Decodable {
    var version: String
}

/// `{"error": "message"}`, the body of every failure.
struct ErrorResponse: Decodable {
    var error: String
}

/// `details` of a model in tags, show and ps.
struct WireModelDetails: Sendable, Decodable {
    var parentModel: String?
    var format: String?
    var family: String?
    var families: [String]?
    var parameterSize: String?
    var quantizationLevel: String?

    enum CodingKeys: String, CodingKey {
        case format, family, families
        case parentModel = "parent_model"
        case parameterSize = "parameter_size"
        case quantizationLevel = "quantization_level"
    }
}

/// `GET /api/tags`.
struct TagsResponse: Decodable {
    struct Model: Decodable {
        var name: String
        var model: String?
        var modifiedAt: String?
        var size: Int64?
        var digest: String?
        var details: WireModelDetails?

        enum CodingKeys: String, CodingKey {
            case name, model, size, digest, details
            case modifiedAt = "modified_at"
        }
    }

    var models: [Model]
}

/// `POST /api/show`.
struct ShowResponse: Decodable {
    var license: String?
    var modelfile: String?
    var parameters: String?
    var template: String?
    var system: String?
    var details: WireModelDetails?
    var modelInfo: [String: JSONValue]?
    var capabilities: [String]?
    var modifiedAt: String?

    enum CodingKeys: String, CodingKey {
        case license, modelfile, parameters, template, system, details, capabilities
        case modelInfo = "model_info"
        case modifiedAt = "modified_at"
    }
}

/// `GET /api/ps`.
struct PsResponse: Decodable {
    struct Model: Decodable {
        var name: String
        var model: String?
        var size: Int64?
        var digest: String?
        var details: WireModelDetails?
        var expiresAt: String?
        var sizeVram: Int64?
        var contextLength: Int?

        enum CodingKeys: String, CodingKey {
            case name, model, size, digest, details
            case expiresAt = "expires_at"
            case sizeVram = "size_vram"
            case contextLength = "context_length"
        }
    }

    var models: [Model]
}

/// One line of `POST /api/pull`.
struct PullLine: Decodable {
    var status: String?
    var digest: String?
    var total: Int64?
    var completed: Int64?
    var error: String?
}

/// A model loaded in the server's memory, as `GET /api/ps` reports it.
public struct RunningModel: Sendable, Hashable {
    public var name: String
    public var digest: String
    public var sizeBytes: Int64
    /// Bytes of the model held in GPU memory.
    public var sizeVRAM: Int64
    /// When the server will unload it; nil when not given or unreadable.
    public var expiresAt: Date?
    /// The context window it was loaded with.
    public var contextLength: Int?
    public var family: String?
    public var parameterSize: String?
    public var quantization: String?

    public init(
        name: String, digest: String, sizeBytes: Int64, sizeVRAM: Int64, expiresAt: Date?, contextLength: Int?,
        family: String? = nil, parameterSize: String? = nil, quantization: String? = nil
    ) {
        self.name = name
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.sizeVRAM = sizeVRAM
        self.expiresAt = expiresAt
        self.contextLength = contextLength
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
    }
}

/// Ollama's timestamps: RFC 3339 with up to nanoseconds and a zone offset.
enum OllamaTimestamp {
    static func parse(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        // ISO8601DateFormatter takes at most milliseconds: cut the fraction to three digits.
        var trimmed = text
        if let dot = text.firstIndex(of: ".") {
            let fractionStart = text.index(after: dot)
            let fractionEnd = text[fractionStart...].firstIndex(where: { !$0.isNumber }) ?? text.endIndex
            let digits = text[fractionStart..<fractionEnd].prefix(3)
            trimmed = String(text[..<dot]) + "." + digits.padding(toLength: 3, withPad: "0", startingAt: 0)
                + text[fractionEnd...]
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

extension TagsResponse.Model {
    var summary: ModelSummary {
        ModelSummary(
            name: name, digest: digest ?? "", sizeBytes: size ?? 0, modifiedAt: OllamaTimestamp.parse(modifiedAt),
            family: details?.family, parameterSize: details?.parameterSize, quantization: details?.quantizationLevel)
    }
}

extension PsResponse.Model {
    var running: RunningModel {
        RunningModel(
            name: name, digest: digest ?? "", sizeBytes: size ?? 0, sizeVRAM: sizeVram ?? 0,
            expiresAt: OllamaTimestamp.parse(expiresAt), contextLength: contextLength, family: details?.family,
            parameterSize: details?.parameterSize, quantization: details?.quantizationLevel)
    }
}

extension ShowResponse {
    /// The `capabilities` words as a set; nil when the server sent none (older Ollama releases do
    /// not send the list, and an empty one says nothing either: every model can do something), so
    /// the chat gives the model the benefit of the doubt, as it does on a server that cannot say.
    var modelCapabilities: ModelCapabilities? {
        guard let capabilities, !capabilities.isEmpty else { return nil }
        return ModelCapabilities.parse(capabilities)
    }

    func details(name: String) -> ModelDetails {
        let architecture = modelInfo?["general.architecture"]?.stringValue
        func integer(_ suffix: String) -> Int? {
            guard let architecture, case .number(let value)? = modelInfo?["\(architecture).\(suffix)"] else {
                return nil
            }
            return Int(exactly: value.rounded())
        }
        return ModelDetails(
            name: name, architecture: architecture ?? details?.family, parameterSize: details?.parameterSize,
            contextLength: integer("context_length"), embeddingLength: integer("embedding_length"),
            quantization: details?.quantizationLevel, capabilities: modelCapabilities, parameters: parameters,
            template: template, system: system, license: license, modelfile: modelfile)
    }
}
