import TachikomaCore
import Testing

@testable import OllamaBackend

/// What the Ollama backend says of its servers, in Core's terms.
@Suite struct OllamaServerKindTests {
    static func kinds() -> ServerKindRegistry {
        var kinds = ServerKindRegistry()
        kinds.setImplicitServer(named: "ollama", kind: .ollama)
        return kinds
    }

    @Test func aServerOfKindOllamaTakesAURLOrAnAddress() throws {
        let config = try TachikomaConfig.parse(
            #"{"servers": {"a": {"kind": "ollama", "url": "127.0.0.1:11434"}, "b": {"kind": "ollama", "url": "https://h:443", "ca_file": "/ca.pem", "api_key_env": "K"}}}"#,
            file: "c.json", kinds: Self.kinds())
        #expect(config.servers["a"] == ServerEntry(kind: .ollama, url: "127.0.0.1:11434"))
        #expect(config.servers["b"] == ServerEntry(kind: .ollama, url: "https://h:443", apiKeyEnvironmentVariable: "K", caFile: "/ca.pem"))
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "servers.a.url", expected: #"a URL such as "http://127.0.0.1:11434" or "127.0.0.1:11434""#)) {
            try TachikomaConfig.parse(#"{"servers": {"a": {"kind": "ollama", "url": 11434}}}"#, file: "c.json", kinds: Self.kinds())
        }
    }

    @Test func ollamaHostSaysWhereTheImplicitServerIs() {
        var config = TachikomaConfig()
        config.applyEnvironment(["OLLAMA_HOST": "10.0.0.9:11434"], kinds: Self.kinds())
        #expect(config.host == "10.0.0.9:11434")
        #expect(ServerKindDescription.ollama.defaultURL == OllamaServerConfig.defaultBaseURL)
    }
}
