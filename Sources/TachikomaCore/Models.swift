import Foundation

/// A model the server has, as a list shows it.
public struct ModelSummary: Sendable, Hashable {
    public var name: String
    /// The content digest (full); `shortID` gives the 12-character form model lists print.
    public var digest: String
    public var sizeBytes: Int64
    public var modifiedAt: Date?
    public var family: String?
    public var parameterSize: String?
    public var quantization: String?

    public init(
        name: String, digest: String, sizeBytes: Int64, modifiedAt: Date?, family: String? = nil,
        parameterSize: String? = nil, quantization: String? = nil
    ) {
        self.name = name
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.modifiedAt = modifiedAt
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
    }

    /// The first 12 hex digits of the digest, as model lists show it.
    public var shortID: String {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : digest
        return String(hex.prefix(12))
    }
}

/// Everything the server says about one model.
public struct ModelDetails: Sendable, Hashable {
    public var name: String
    public var architecture: String?
    public var parameterSize: String?
    /// The model's trained context window (`<arch>.context_length`).
    public var contextLength: Int?
    public var embeddingLength: Int?
    public var quantization: String?
    /// What the model can do; nil when the server does not say (then the chat gives it the
    /// benefit of the doubt: see `mayHave`).
    public var capabilities: ModelCapabilities?
    /// What the model takes besides text (`.vision`, `.audio`), from a server that says only that
    /// (llama.cpp's `GET /props`) and not the rest of what the model can do; nil when unsaid.
    public var inputs: ModelCapabilities?
    /// The Modelfile parameters, one `key value` a line.
    public var parameters: String?
    public var template: String?
    public var system: String?
    public var license: String?
    public var modelfile: String?

    public init(
        name: String, architecture: String? = nil, parameterSize: String? = nil, contextLength: Int? = nil,
        embeddingLength: Int? = nil, quantization: String? = nil, capabilities: ModelCapabilities? = nil,
        parameters: String? = nil, template: String? = nil, system: String? = nil, license: String? = nil,
        modelfile: String? = nil
    ) {
        self.name = name
        self.architecture = architecture
        self.parameterSize = parameterSize
        self.contextLength = contextLength
        self.embeddingLength = embeddingLength
        self.quantization = quantization
        self.capabilities = capabilities
        self.parameters = parameters
        self.template = template
        self.system = system
        self.license = license
        self.modelfile = modelfile
    }

    /// Whether the model may be able to do all of `capabilities`: false only when the server said
    /// what the model can do and left some of them out. A server that does not say gets the benefit
    /// of the doubt, and refuses itself what the model cannot do.
    public func mayHave(_ capabilities: ModelCapabilities) -> Bool {
        self.capabilities?.isSuperset(of: capabilities) ?? true
    }

    /// Whether the model takes pictures (`.vision`) and sounds (`.audio`), from whichever the server
    /// said: its capabilities, else its inputs; nil when it said neither.
    public var mediaInputs: ModelCapabilities? {
        capabilities.map { $0.intersection([.vision, .audio]) } ?? inputs
    }
}

/// One step of a model download.
public struct PullProgress: Sendable, Hashable {
    /// e.g. "pulling manifest", "pulling a80c4f17…", "verifying sha256 digest", "success".
    public var status: String
    public var digest: String?
    public var totalBytes: Int64?
    public var completedBytes: Int64?

    public init(status: String, digest: String? = nil, totalBytes: Int64? = nil, completedBytes: Int64? = nil) {
        self.status = status
        self.digest = digest
        self.totalBytes = totalBytes
        self.completedBytes = completedBytes
    }

    /// Completed as a fraction of the total, when both are known.
    public var fraction: Double? {
        guard let totalBytes, let completedBytes, totalBytes > 0 else { return nil }
        return min(1, Double(completedBytes) / Double(totalBytes))
    }
}
