import ChatREPL
import Foundation
import HTTPStreaming
import OllamaBackend
import OpenAIBackend
import TachikomaCore

/// The servers a command can use: the config file's `servers`, plus the implicit Ollama server
/// that `--host`, `OLLAMA_HOST` and the `host` key describe (unless the file defines one of that
/// name). Builds the backend for each: the one place a server's kind becomes a backend.
struct ServerCatalog: BackendProviding {
    /// The name of the implicit Ollama server, which `ServerKindRegistry.tachikoma` registers.
    static let implicitOllamaName = "ollama"

    let config: TachikomaConfig
    let environment: [String: String]
    /// The implicit Ollama server, resolved once (its warning printed once) when first needed.
    private let implicitOllama: @Sendable () throws -> OllamaServerConfig

    init(
        config: TachikomaConfig, environment: [String: String],
        implicitOllama: @escaping @Sendable () throws -> OllamaServerConfig
    ) {
        self.config = config
        self.environment = environment
        let resolved = OnceResolved(implicitOllama)
        self.implicitOllama = { try resolved.value() }
    }

    var hasImplicitOllama: Bool { config.servers[Self.implicitOllamaName] == nil }

    var servers: [ServerListing] {
        var listed: [ServerListing] = []
        if hasImplicitOllama {
            let url = (try? implicitOllama().baseURL) ?? (config.host ?? ServerKindDescription.ollama.defaultURL)
            listed.append(ServerListing(name: Self.implicitOllamaName, kind: ServerKind.ollama.rawValue, url: url))
        }
        for name in config.servers.keys.sorted() {
            guard let entry = config.servers[name] else { continue }
            listed.append(ServerListing(name: name, kind: entry.kind.rawValue, url: entry.url))
        }
        return listed
    }

    /// The server to use: `--server`, else the implicit one when `--host` was given, else the
    /// config file's `default_server`, else the implicit one.
    func chooseServer(named requested: String?, hostGiven: Bool) throws -> String {
        let names = servers.map(\.name)
        if let requested {
            guard names.contains(requested) else {
                let hint = EditDistanceHint.closest(to: requested, among: names)
                throw CommandFailure.usage("no server named '\(requested)'\(hint); servers: \(names.joined(separator: ", "))")
            }
            return requested
        }
        if hostGiven, hasImplicitOllama { return Self.implicitOllamaName }
        return config.defaultServer ?? Self.implicitOllamaName
    }

    func makeBackend(forServer name: String) throws -> any Backend {
        try makeBackend(forServer: name, model: config.model)
    }

    /// The backend for server `name`, whose requests without a model use `model`.
    func makeBackend(forServer name: String, model: String) throws -> any Backend {
        if name == Self.implicitOllamaName, hasImplicitOllama {
            return ollamaBackend(try implicitOllama(), model: model)
        }
        guard let entry = config.servers[name] else { throw BackendError.configuration("no server named '\(name)'") }
        switch entry.kind {
        case .ollama:
            return ollamaBackend(try ollamaServer(name, entry), model: model)
        case .openai:
            return try OpenAIBackend(
                baseURL: entry.url, apiKey: try apiKeyText(name, entry), apiKeyEnvName: entry.apiKeyEnvironmentVariable,
                caFile: try caFile(name, entry), model: model,
                connectTimeout: .milliseconds(Int64(config.connectTimeout * 1000)),
                requestTimeout: .milliseconds(Int64(config.requestTimeout * 1000)))
        default:
            // The config was read with `ServerKindRegistry.tachikoma`, whose kinds are all above.
            throw BackendError.unsupported("servers of kind '\(entry.kind)' (server '\(name)')")
        }
    }

    /// The Ollama server behind `name`, for commands only Ollama answers (`ps`); nil for another kind.
    func ollamaServer(named name: String) throws -> OllamaServerConfig? {
        if name == Self.implicitOllamaName, hasImplicitOllama { return try implicitOllama() }
        guard let entry = config.servers[name], entry.kind == .ollama else { return nil }
        return try ollamaServer(name, entry)
    }

    private func ollamaBackend(_ server: OllamaServerConfig, model: String) -> OllamaBackend {
        OllamaBackend(
            config: OllamaBackendConfig(
                server: server, model: model, numCtx: config.contextLength, keepAlive: config.keepAlive,
                toolsEnabled: config.tools))
    }

    private func ollamaServer(_ name: String, _ entry: ServerEntry) throws -> OllamaServerConfig {
        let base: String
        do {
            base = try OllamaServerConfig.parseHost(entry.url)
        } catch BackendError.configuration(let message) {
            throw BackendError.configuration("server '\(name)': \(message)")
        }
        var server = OllamaServerConfig(
            baseURL: base, connectTimeout: .milliseconds(Int64(config.connectTimeout * 1000)),
            requestTimeout: .milliseconds(Int64(config.requestTimeout * 1000)), apiKey: try apiKey(name, entry))
        server.caFile = try caFile(name, entry)
        return server
    }

    /// The key from the variable `api_key_env` names; that variable unset or empty is an error, so
    /// a request never goes out unauthenticated by mistake.
    private func apiKey(_ name: String, _ entry: ServerEntry) throws -> APIKey? {
        try apiKeyText(name, entry).flatMap(APIKey.init)
    }

    private func apiKeyText(_ name: String, _ entry: ServerEntry) throws -> String? {
        guard let variable = entry.apiKeyEnvironmentVariable else { return nil }
        guard let key = environment[variable], APIKey(key) != nil else {
            throw BackendError.configuration(
                "server '\(name)' takes its key from $\(variable), which is not set; export \(variable)=… first")
        }
        return key
    }

    private func caFile(_ name: String, _ entry: ServerEntry) throws -> String? {
        guard let file = entry.caFile else { return nil }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw BackendError.configuration("server '\(name)': ca_file \(file) cannot be read")
        }
        return file
    }
}

/// A value computed at most once, on first use; a failure is thrown again each time.
private final class OnceResolved<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private let make: @Sendable () throws -> Value

    init(_ make: @escaping @Sendable () throws -> Value) { self.make = make }

    func value() throws -> Value {
        try lock.withLock {
            if let result { return try result.get() }
            let made = Result { try make() }
            result = made
            return try made.get()
        }
    }
}

/// " (did you mean NAME?)" for a near miss, else "".
enum EditDistanceHint {
    static func closest(to name: String, among names: [String]) -> String {
        EditDistance.closest(to: name, among: names).map { " (did you mean \($0)?)" } ?? ""
    }
}
