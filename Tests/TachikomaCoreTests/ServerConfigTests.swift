import Foundation
import Testing

@testable import TachikomaCore

/// The config file's `servers` and `default_server`, and the refusal of a file others may write.
@Suite struct ServerConfigTests {
    @Test func serversAndTheDefaultAreRead() throws {
        let config = try TachikomaConfig.parse(
            """
            {"servers": {
                "local": {"kind": "ollama", "url": "127.0.0.1:11434"},
                "vllm": {"kind": "openai", "url": "http://10.0.0.5:8000/v1"},
                "openai": {"kind": "openai", "url": "https://api.openai.com/v1", "api_key_env": "OPENAI_API_KEY",
                           "ca_file": "/etc/ssl/private-ca.pem"}},
             "default_server": "vllm"}
            """, file: "c.json", kinds: .forTests)
        #expect(config.servers["local"] == ServerEntry(kind: "ollama", url: "127.0.0.1:11434"))
        #expect(config.servers["vllm"] == ServerEntry(kind: "openai", url: "http://10.0.0.5:8000/v1"))
        #expect(
            config.servers["openai"]
                == ServerEntry(
                    kind: "openai", url: "https://api.openai.com/v1", apiKeyEnvironmentVariable: "OPENAI_API_KEY",
                    caFile: "/etc/ssl/private-ca.pem"))
        #expect(config.defaultServer == "vllm")
    }

    @Test func theServersExampleFileIsRead() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("config.servers.example.json"), encoding: .utf8)
        let config = try TachikomaConfig.parse(text, file: "config.servers.example.json", kinds: .forTests)
        #expect(Set(config.servers.keys) == ["llama-server", "vllm", "lmstudio", "openai", "gpu-box"])
        #expect(config.servers["openai"]?.apiKeyEnvironmentVariable == "OPENAI_API_KEY")
        #expect(config.defaultServer == "ollama", "the implicit Ollama server may be the default")
    }

    /// Each mistake is one line naming the key, what is wrong and what is wanted.
    @Test(arguments: [
        (#"{"servers": {"a": {"kind": "vllm", "url": "http://h/v1"}}}"#, #""servers.a.kind" must be one of "ollama", "openai""#),
        (#"{"servers": {"a": {"kind": "openai"}}}"#, #""servers.a.url" is missing"#),
        (#"{"servers": {"a": {"url": "http://h"}}}"#, #""servers.a.kind" is missing"#),
        (#"{"servers": {"a": {"kind": "openai", "url": "127.0.0.1:8080/v1"}}}"#, "an http:// or https:// URL"),
        (#"{"servers": {"a": {"kind": "openai", "url": "ftp://h/v1"}}}"#, "an http:// or https:// URL"),
        (#"{"servers": {"a": {"kind": "ollama", "url": "http:// h"}}}"#, "without spaces"),
        (#"{"servers": {"a": {"kind": "ollama", "url": ""}}}"#, "without spaces"),
        (#"{"servers": {"a": {"kind": "ollama", "url": 11434}}}"#, #""servers.a.url" must be a URL"#),
        (#"{"servers": {"a": {"kind": "openai", "url": "http://h", "api_key": "sk-1"}}}"#, #"unknown key "servers.a.api_key""#),
        (#"{"servers": {"a": {"kind": "openai", "url": "http://h", "api_key_env": "sk-abc123"}}}"#, "not the key itself"),
        (#"{"servers": {"two words": {"kind": "ollama", "url": "h"}}}"#, "a server name of letters"),
        (#"{"servers": []}"#, #""servers" must be an object"#),
        (#"{"servers": {"a": {"kind": "ollama", "url": "h"}}, "default_server": "b"}"#, #""default_server" is "b", which is not defined"#),
    ])
    func mistakesAreOneLine(text: String, expected: String) {
        do {
            _ = try TachikomaConfig.parse(text, file: "c.json", kinds: .forTests)
            Issue.record("accepted: \(text)")
        } catch {
            let line = error.description
            #expect(line.hasPrefix("c.json: "), "\(line)")
            #expect(line.contains(expected), "\(line)")
            #expect(!line.contains("\n"), "\(line)")
        }
    }

    @Test func aKeyValueIsNeverEchoedAsAVariableName() {
        // A key pasted where the variable's name belongs is refused without... being a name at all.
        #expect(!ServerEntry.isValidEnvironmentName("sk-proj-abc"))
        #expect(ServerEntry.isValidEnvironmentName("OPENAI_API_KEY"))
        #expect(!ServerEntry.isValidEnvironmentName("1KEY"))
    }

    // MARK: - Permissions

    @Test func aFileOthersCanWriteIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tk-perm-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config.json").path
        try Data(#"{"model": "qwen3:8b"}"#.utf8).write(to: URL(fileURLWithPath: path))

        for mode in [0o600, 0o644, 0o640, 0o444] {
            #expect(chmod(path, mode_t(mode)) == 0)
            let config = try TachikomaConfig.load(explicitPath: path, environment: [:], kinds: .forTests)
            #expect(config.model == "qwen3:8b", "mode \(String(mode, radix: 8)) is safe")
        }
        for mode in [0o664, 0o646, 0o666, 0o620] {
            #expect(chmod(path, mode_t(mode)) == 0)
            #expect(throws: ConfigError.insecurePermissions(path: path, mode: String(mode, radix: 8))) {
                try TachikomaConfig.load(explicitPath: path, environment: [:], kinds: .forTests)
            }
        }
        // The default file is checked too, not only one named with --config.
        let home = folder.appendingPathComponent("xdg/tachikoma")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let defaultFile = home.appendingPathComponent("config.json").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: defaultFile))
        #expect(chmod(defaultFile, 0o666) == 0)
        do {
            _ = try TachikomaConfig.load(
                explicitPath: nil, environment: ["XDG_CONFIG_HOME": folder.appendingPathComponent("xdg").path], kinds: .forTests)
            Issue.record("a world-writable default config file was read")
        } catch {
            #expect(error.description.contains("chmod go-w \(defaultFile)"), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }
}
