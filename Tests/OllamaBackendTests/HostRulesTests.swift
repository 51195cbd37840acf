import Foundation
import OllamaTestSupport
import TachikomaCore
import Testing

@testable import HTTPStreaming
@testable import OllamaBackend

/// Issue 10 point 5: `ollama.com`, `OLLAMA_API_KEY` and the warning for a port that fell back.
@Suite("Host rules as Ollama's")
struct HostRulesTests {
    @Test(arguments: [
        ("ollama.com", "https://ollama.com:443"),
        (" 'ollama.com' ", "https://ollama.com:443"),
        ("https://ollama.com", "https://ollama.com:443"),
        // Only the exact name is the hosted service; anything else is read by the ordinary rules.
        ("ollama.com:11434", "http://ollama.com:11434"),
        ("OLLAMA.COM", "http://OLLAMA.COM:11434"),
        ("www.ollama.com", "http://www.ollama.com:11434"),
    ])
    func theHostedServiceByItsBareName(value: String, expected: String) throws {
        #expect(try OllamaServerConfig.parseHost(value) == expected)
    }

    @Test(arguments: [
        ("foo:bar", "port 'bar'", "11434"),
        (":99999", "port '99999'", "11434"),
        ("example.com:", "an empty port", "11434"),
        ("https://h:-1", "port '-1'", "443"),
        ("http://h:0x50", "port '0x50'", "80"),
    ])
    func aPortThatFallsBackIsAcceptedWithAWarningNamingIt(value: String, named: String, port: String) throws {
        let config = try OllamaServerConfig.resolve(explicitHost: nil, environment: ["OLLAMA_HOST": value])
        #expect(config.baseURL.hasSuffix(":\(port)"))
        let warning = try #require(config.hostWarning)
        #expect(warning.contains("OLLAMA_HOST '\(value)'"))
        #expect(warning.contains(named))
        #expect(warning.contains("default port \(port)"))
        #expect(!warning.contains("\n"))
    }

    @Test(arguments: ["", "1.2.3.4", ":1234", "example.com:1234", "[::1]", "[::1]:1337", "ollama.com", "http://h"])
    func aUsablePortGivesNoWarning(value: String) throws {
        let config = try OllamaServerConfig.resolve(explicitHost: value, environment: [:])
        #expect(config.hostWarning == nil)
    }

    @Test func theWarningNamesAnExplicitHostAsSuch() throws {
        let config = try OllamaServerConfig.resolve(explicitHost: "foo:bar", environment: ["OLLAMA_HOST": "1.2.3.4"])
        #expect(config.baseURL == "http://foo:11434")
        #expect(config.hostWarning?.hasPrefix("the host 'foo:bar'") == true)
    }

    @Test func theAPIKeyComesFromTheEnvironmentAndIsNeverShown() throws {
        let secret = "sk-very-secret-123"
        let config = try OllamaServerConfig.resolve(explicitHost: nil, environment: ["OLLAMA_API_KEY": secret])
        let key = try #require(config.apiKey)
        #expect(key.authorizationHeader == "Bearer \(secret)")
        var dumped = ""
        dump(config, to: &dumped)
        for text in [String(describing: config), String(reflecting: config), "\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains(secret), "shown in \(text)")
        }
        #expect(try OllamaServerConfig.resolve(explicitHost: nil, environment: ["OLLAMA_API_KEY": "  "]).apiKey == nil)
        #expect(try OllamaServerConfig.resolve(explicitHost: nil, environment: [:]).apiKey == nil)
    }

    @Test func theAPIKeyGoesOutAsABearerTokenOnEveryRequest() async throws {
        try await ScriptedOllamaServer.withRunning(ServerScript()) { server in
            let config = OllamaServerConfig(baseURL: server.baseURL, apiKey: APIKey("k-123"))
            let backend = OllamaBackend(config: OllamaBackendConfig(server: config, model: "llama3.1:8b"))
            _ = try await backend.listModels()
            _ = try await backend.complete(CompletionRequest(messages: [.user("hi")]))
            _ = await collect(backend.stream(CompletionRequest(messages: [.user("hi")])))
            let requests = server.recordedRequests()
            #expect(requests.count >= 3)
            for request in requests {
                #expect(request.header("Authorization") == "Bearer k-123", "\(request.path)")
            }
        }
    }

    @Test func withoutAKeyNoAuthorizationIsSent() async throws {
        try await withScriptedServer { server, backend in
            _ = try await backend.listModels()
            let request = try #require(server.recordedRequests().first)
            #expect(request.header("Authorization") == nil)
        }
    }
}
