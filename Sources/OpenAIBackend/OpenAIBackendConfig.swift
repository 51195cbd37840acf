import HTTPStreaming
import Foundation
import TachikomaCore

/// Where an OpenAI-compatible server is, how to reach it and which model to ask.
public struct OpenAIBackendConfig: Sendable, Hashable {
    /// The API base as OpenAI's own clients take it, e.g. `http://127.0.0.1:8080/v1` or
    /// `https://api.openai.com/v1`; never ends in `/`. Requests go to `{baseURL}/chat/completions`
    /// and `{baseURL}/models`.
    public var baseURL: String
    /// Sent as `Authorization: Bearer …`; never shown (see `APIKey`).
    public var apiKey: APIKey?
    /// The environment variable the key came from (e.g. `OPENAI_API_KEY`), named in messages about
    /// a missing or refused key; never its value.
    public var apiKeyEnvName: String?
    /// A PEM file of certificates to trust instead of the system's roots, for a private CA or a
    /// self-signed server.
    public var caFile: String?
    /// Used when a request names no model; empty sends none (llama.cpp's server then uses its own).
    public var model: String
    /// Whether the tools of a request are sent at all; off for models that reject them.
    public var toolsEnabled: Bool
    /// How long to wait for a TCP connection.
    public var connectTimeout: Duration
    /// How long a whole non-streamed request may take; for streams, the longest silence allowed
    /// between two reads.
    public var requestTimeout: Duration

    /// - Throws: `BackendError.configuration` when `baseURL` is not an http:// or https:// URL.
    public init(
        baseURL: String, apiKey: String? = nil, apiKeyEnvName: String? = nil, caFile: String? = nil,
        model: String = "", toolsEnabled: Bool = true, connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(300)
    ) throws {
        var url = baseURL.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        let lowered = url.lowercased()
        let host = lowered.split(separator: "://", maxSplits: 1).dropFirst().first ?? ""
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), !host.isEmpty, !host.hasPrefix("/") else {
            throw BackendError.configuration(
                "'\(baseURL)' is not an http:// or https:// URL; give the API base, e.g. http://127.0.0.1:8080/v1")
        }
        self.baseURL = url
        self.apiKey = apiKey.flatMap(APIKey.init)
        self.apiKeyEnvName = apiKeyEnvName
        self.caFile = caFile.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.toolsEnabled = toolsEnabled
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
    }
}

extension OpenAIBackendConfig: CustomStringConvertible {
    /// The server and model, and whether a key is set: never the key.
    public var description: String {
        "OpenAI-compatible server at \(baseURL), model '\(model)', "
            + (apiKey == nil ? "no API key" : "API key from \(apiKeyEnvName ?? "the configuration")")
    }
}
