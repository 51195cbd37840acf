import Testing

@testable import TachikomaCore

/// Servers are checked by the kinds registered, with the words and rules their backends give.
@Suite struct ServerKindRegistryTests {
    /// A kind no Core file names, as a third backend would register it.
    static let gopher = ServerKindDescription(
        kind: "gopher", urlForm: .httpURL, urlExamples: ["http://127.0.0.1:7070/api"], defaultURL: "http://127.0.0.1:7070/api",
        optionalKeys: [.apiKeyEnvironmentVariable], apiKeyVariableExample: "GOPHER_KEY")

    static func parse(_ text: String, _ kinds: ServerKindRegistry) throws(ConfigError) -> TachikomaConfig {
        try TachikomaConfig.parse(text, file: "c.json", kinds: kinds)
    }

    @Test func aRegisteredKindIsReadWithTheKeysItTakes() throws {
        var kinds = ServerKindRegistry()
        kinds.register(Self.gopher)
        let config = try Self.parse(
            #"{"servers": {"g": {"kind": "gopher", "url": "http://10.0.0.2:7070/api", "api_key_env": "GOPHER_KEY"}}}"#, kinds)
        #expect(config.servers["g"] == ServerEntry(kind: "gopher", url: "http://10.0.0.2:7070/api", apiKeyEnvironmentVariable: "GOPHER_KEY"))
    }

    @Test func aKeyItsKindDoesNotTakeIsUnknown() {
        var kinds = ServerKindRegistry.forTests
        kinds.register(Self.gopher)
        #expect(throws: ConfigError.unknownKey(path: "c.json", key: "servers.g.ca_file", known: ["kind", "url", "api_key_env"].map { "servers.g." + $0 })) {
            try Self.parse(#"{"servers": {"g": {"kind": "gopher", "url": "http://h/api", "ca_file": "/ca.pem"}}}"#, kinds)
        }
    }

    @Test func anUnregisteredKindGivesTodaysError() {
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "servers.a.kind", expected: #"one of "ollama", "openai""#)) {
            try Self.parse(#"{"servers": {"a": {"kind": "gopher", "url": "http://h/api"}}}"#, .forTests)
        }
        // With no kinds at all, every server is refused, in the same words.
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "servers.a.kind", expected: "one of ")) {
            try Self.parse(#"{"servers": {"a": {"kind": "ollama", "url": "h"}}}"#, ServerKindRegistry())
        }
    }

    @Test func theKindsWordsAreTheMessagesWords() throws {
        var kinds = ServerKindRegistry()
        kinds.register(Self.gopher)
        #expect(
            throws: ConfigError.badValue(
                path: "c.json", key: "servers.g.url", value: "h:7070",
                expected: #"an http:// or https:// URL with a host, such as "http://127.0.0.1:7070/api""#)
        ) {
            try Self.parse(#"{"servers": {"g": {"kind": "gopher", "url": "h:7070"}}}"#, kinds)
        }
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "servers.g", expected: #"an object { "kind": "gopher", "url": … }"#)) {
            try Self.parse(#"{"servers": {"g": []}}"#, kinds)
        }
        #expect(
            throws: ConfigError.wrongType(path: "c.json", key: "servers.g.api_key_env", expected: #"the name of an environment variable, e.g. "GOPHER_KEY""#)
        ) {
            try Self.parse(#"{"servers": {"g": {"kind": "gopher", "url": "http://h", "api_key_env": 1}}}"#, kinds)
        }
    }

    @Test func registeringAKindAgainReplacesItInPlace() {
        var kinds = ServerKindRegistry.forTests
        var changed = ServerKindDescription.addressKind
        changed.urlForm = .httpURL
        kinds.register(changed)
        #expect(kinds.names == ["ollama", "openai"])
        #expect(kinds.description(of: "ollama")?.urlForm == .httpURL)
        #expect(kinds.implicitServer?.kind.urlForm == .httpURL)
    }

    /// The implicit server's name may be the default server, and its kind's address variable says
    /// where it is; without one, neither.
    @Test func theImplicitServerComesFromTheRegistry() throws {
        let text = #"{"default_server": "ollama", "host": "10.0.0.1"}"#
        #expect(try Self.parse(text, .forTests).defaultServer == "ollama")
        #expect(throws: ConfigError.undefinedName(path: "c.json", key: "default_server", value: "ollama", defined: [])) {
            try Self.parse(text, ServerKindRegistry())
        }
        var config = TachikomaConfig()
        config.applyEnvironment(["OLLAMA_HOST": ":5555"], kinds: ServerKindRegistry())
        #expect(config.host == nil)
        config.applyEnvironment(["OLLAMA_HOST": ":5555"], kinds: .forTests)
        #expect(config.host == ":5555")
    }
}
