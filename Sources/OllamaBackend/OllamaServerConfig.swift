import HTTPStreaming
import TachikomaCore

/// Where the Ollama server is and how long to wait for it.
public struct OllamaServerConfig: Sendable, Hashable {
    /// The default when neither a host nor `OLLAMA_HOST` is given.
    public static let defaultBaseURL = "http://127.0.0.1:11434"

    /// e.g. `http://127.0.0.1:11434` or `https://example.com:443/ollama`; never ends in `/`.
    public var baseURL: String
    /// How long to wait for a TCP connection.
    public var connectTimeout: Duration
    /// How long a whole non-streamed request may take; for streams, the longest silence allowed
    /// between two reads, so a long answer that keeps arriving is never cut.
    public var requestTimeout: Duration
    /// Sent as `Authorization: Bearer …` on every request when set (`OLLAMA_API_KEY`), as Ollama's own
    /// clients do; ollama.com needs it, a local server ignores it.
    public var apiKey: APIKey?
    /// What the user should be told once about how the host was read, e.g. a port that was not a
    /// number and so became the default; nil when the host was taken as written.
    public var hostWarning: String?
    /// A PEM file of certificates to trust for `https://`, for a server with a private certificate;
    /// nil trusts the system's roots.
    public var caFile: String?

    /// - Parameter baseURL: taken as given (use `parseHost` for user input); a trailing `/` is dropped.
    public init(
        baseURL: String = OllamaServerConfig.defaultBaseURL,
        connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(300),
        apiKey: APIKey? = nil
    ) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.apiKey = apiKey
    }

    /// The server to use: `explicitHost` when given and not blank, else `OLLAMA_HOST` from
    /// `environment`, else the default. Both are read the way Ollama reads `OLLAMA_HOST`; a port that
    /// falls back to the default is accepted and described in `hostWarning`. `OLLAMA_API_KEY` from
    /// `environment`, when not blank, becomes `apiKey`. Messages name an explicit host as
    /// `explicitHostSource` (e.g. `--host`).
    ///
    /// - Throws: `BackendError.configuration` for a Unix socket or a scheme other than http/https.
    public static func resolve(
        explicitHost: String?, explicitHostSource: String = "the host", environment: [String: String],
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(300)
    ) throws -> OllamaServerConfig {
        let explicit = explicitHost.map(OllamaHostParser.clean) ?? ""
        let value = explicit.isEmpty ? (environment["OLLAMA_HOST"] ?? "") : explicit
        let source = explicit.isEmpty ? "OLLAMA_HOST" : explicitHostSource
        let parsed = try OllamaHostParser.parse(value, source: source)
        var config = OllamaServerConfig(
            baseURL: parsed.baseURL, connectTimeout: connectTimeout, requestTimeout: requestTimeout,
            apiKey: APIKey(environment["OLLAMA_API_KEY"] ?? ""))
        config.hostWarning = parsed.portWarning
        return config
    }

    /// The base URL for an `OLLAMA_HOST`-style value, exactly as Ollama derives it, except that an
    /// empty host becomes `127.0.0.1` (Ollama prints `http://:1234` and Go dials localhost).
    ///
    /// `""` → `http://127.0.0.1:11434`, `:1234` → `http://127.0.0.1:1234`, `::1` → `http://[::1]:11434`,
    /// `http://h` → `http://h:80`, `https://h/ollama` → `https://h:443/ollama`, exactly `ollama.com` →
    /// `https://ollama.com:443`; a bad port means the scheme's default port.
    ///
    /// - Throws: `BackendError.configuration` for `unix://…` (Unix sockets are not supported) and for
    ///   schemes other than http and https.
    public static func parseHost(_ value: String) throws -> String {
        try OllamaHostParser.baseURL(from: value, source: "OLLAMA_HOST")
    }
}
