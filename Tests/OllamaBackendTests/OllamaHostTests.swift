import TachikomaCore
import Testing

@testable import OllamaBackend

@Suite("OLLAMA_HOST")
struct OllamaHostTests {
    /// Every row of the reference table (ollama-api.md), plus Ollama's envconfig test cases.
    @Test(arguments: [
        ("", "http://127.0.0.1:11434"),
        ("   ", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        (":1234", "http://127.0.0.1:1234"),
        ("example.com", "http://example.com:11434"),
        ("example.com:1234", "http://example.com:1234"),
        (":66000", "http://127.0.0.1:11434"),
        (":-1", "http://127.0.0.1:11434"),
        ("example.com:abc", "http://example.com:11434"),
        ("example.com:", "http://example.com:11434"),
        ("[::1]", "http://[::1]:11434"),
        ("::1", "http://[::1]:11434"),
        ("[::1]:1337", "http://[::1]:1337"),
        ("0:0:0:0:0:0:0:1", "http://[::1]:11434"),
        (" \"1.2.3.4\" ", "http://1.2.3.4:11434"),
        ("'1.2.3.4'", "http://1.2.3.4:11434"),
        ("\"1.2.3.4\"", "http://1.2.3.4:11434"),
        ("http://1.2.3.4", "http://1.2.3.4:80"),
        ("http://1.2.3.4:4321", "http://1.2.3.4:4321"),
        ("https://1.2.3.4", "https://1.2.3.4:443"),
        ("https://1.2.3.4:4321", "https://1.2.3.4:4321"),
        ("https://example.com/ollama", "https://example.com:443/ollama"),
        ("http://example.com/a/b/", "http://example.com:80/a/b"),
        ("http://1.2.3.4/", "http://1.2.3.4:80"),
        ("http://:66000", "http://127.0.0.1:80"),
        ("1.2.3.4:0", "http://1.2.3.4:0"),
        ("1.2.3.4:65535", "http://1.2.3.4:65535"),
        ("0.0.0.0", "http://0.0.0.0:11434"),
    ])
    func tableRow(value: String, expected: String) throws {
        #expect(try OllamaServerConfig.parseHost(value) == expected)
    }

    @Test(arguments: ["unix:///tmp/ollama.sock", "unix://ollama.sock", " 'unix:///run/ollama.sock' "])
    func unixSocketsAreAClearConfigurationError(value: String) throws {
        let error = #expect(throws: BackendError.self) { try OllamaServerConfig.parseHost(value) }
        guard case .configuration(let message)? = error else {
            Issue.record("expected a configuration error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Unix socket"))
        #expect(message.contains("not supported"))
        #expect(message.contains("host:port"))
    }

    @Test func otherSchemesAreRejected() {
        let error = #expect(throws: BackendError.self) { try OllamaServerConfig.parseHost("ftp://1.2.3.4") }
        #expect(BackendErrorKind.of(error) == .configuration)
    }

    @Test func explicitHostWinsOverEnvironment() throws {
        let config = try OllamaServerConfig.resolve(explicitHost: ":9999", environment: ["OLLAMA_HOST": "1.2.3.4"])
        #expect(config.baseURL == "http://127.0.0.1:9999")
    }

    @Test func blankExplicitHostFallsBackToEnvironment() throws {
        let config = try OllamaServerConfig.resolve(explicitHost: "  ", environment: ["OLLAMA_HOST": "1.2.3.4"])
        #expect(config.baseURL == "http://1.2.3.4:11434")
        let unset = try OllamaServerConfig.resolve(explicitHost: nil, environment: [:])
        #expect(unset.baseURL == "http://127.0.0.1:11434")
    }

    @Test func defaultTimeouts() throws {
        let config = try OllamaServerConfig.resolve(explicitHost: nil, environment: [:])
        #expect(config.connectTimeout == .seconds(5))
        #expect(config.requestTimeout == .seconds(300))
        let custom = try OllamaServerConfig.resolve(
            explicitHost: nil, environment: [:], connectTimeout: .seconds(1), requestTimeout: .seconds(2))
        #expect(custom.connectTimeout == .seconds(1))
        #expect(custom.requestTimeout == .seconds(2))
    }

    private func split(_ value: String) -> [String]? {
        OllamaHostParser.splitHostPort(value).map { [$0.host, $0.port] }
    }

    @Test func goSplitHostPort() {
        #expect(split("a:1") == ["a", "1"])
        #expect(split("[::1]:2") == ["::1", "2"])
        #expect(split(":3") == ["", "3"])
        #expect(split("a") == nil)
        #expect(split("::1") == nil)
        #expect(split("[::1]") == nil)
        #expect(split("[::1]x:2") == nil)
        #expect(split("a]:2") == nil)
    }
}
