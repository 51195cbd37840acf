import TachikomaCore
import Testing

@testable import OpenAIBackend

/// What the OpenAI-compatible backend says of its servers, in Core's terms.
@Suite struct OpenAIServerKindTests {
    static func kinds() -> ServerKindRegistry {
        var kinds = ServerKindRegistry()
        kinds.register(.openai)
        return kinds
    }

    @Test func aServerOfKindOpenAITakesOnlyAnHTTPURL() throws {
        let config = try TachikomaConfig.parse(
            #"{"servers": {"v": {"kind": "openai", "url": "http://10.0.0.5:8000/v1", "api_key_env": "OPENAI_API_KEY"}}}"#,
            file: "c.json", kinds: Self.kinds())
        #expect(config.servers["v"] == ServerEntry(kind: .openai, url: "http://10.0.0.5:8000/v1", apiKeyEnvironmentVariable: "OPENAI_API_KEY"))
        #expect(
            throws: ConfigError.badValue(
                path: "c.json", key: "servers.v.url", value: "127.0.0.1:8080/v1",
                expected: #"an http:// or https:// URL with a host, such as "http://127.0.0.1:8080/v1""#)
        ) {
            try TachikomaConfig.parse(#"{"servers": {"v": {"kind": "openai", "url": "127.0.0.1:8080/v1"}}}"#, file: "c.json", kinds: Self.kinds())
        }
        #expect(
            throws: ConfigError.wrongType(
                path: "c.json", key: "servers.v.api_key_env", expected: #"the name of an environment variable, e.g. "OPENAI_API_KEY""#)
        ) {
            try TachikomaConfig.parse(
                #"{"servers": {"v": {"kind": "openai", "url": "http://h/v1", "api_key_env": 1}}}"#, file: "c.json", kinds: Self.kinds())
        }
    }
}
