import Foundation
import Testing
@testable import TachikomaCore

@Suite struct ConfigTests {
    @Test func emptyObjectGivesDefaults() throws {
        let config = try TachikomaConfig.parse("{}", file: "c.json")
        #expect(config == TachikomaConfig())
        #expect(config.model == "llama3.1:8b")
        #expect(config.contextLength == nil, "num_ctx is sent only when set")
        #expect(config.keepAlive == nil)
    }

    @Test func exampleFileParsesToDefaults() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("config.example.json"), encoding: .utf8)
        let config = try TachikomaConfig.parse(text, file: "config.example.json")
        #expect(config == TachikomaConfig())
    }

    @Test func everyKeyIsRead() throws {
        let text = """
            {"host": "example.com:1234", "model": "qwen3:4b", "system": "Be brief.", "num_ctx": 8192,
             "keep_alive": 60, "connect_timeout": 2.5, "request_timeout": 30, "think": true, "verbose": true,
             "word_wrap": false, "color": false, "edit_mode": "vi", "history_size": 50,
             "history_file": "/tmp/h", "tools": true,
             "options": {"temperature": 0.2, "top_k": 40, "stop": ["END"], "seed": 7, "num_predict": 128}}
            """
        let config = try TachikomaConfig.parse(text, file: "c.json")
        #expect(config.host == "example.com:1234")
        #expect(config.model == "qwen3:4b")
        #expect(config.system == "Be brief.")
        #expect(config.contextLength == 8192)
        #expect(config.keepAlive == "60")
        #expect(config.connectTimeout == 2.5)
        #expect(config.think == .enabled(true) && config.verbose && config.tools)
        #expect(!config.wordWrap && !config.color)
        #expect(config.editMode == "vi")
        #expect(config.historySize == 50)
        #expect(config.options.temperature == 0.2)
        #expect(config.options.topK == 40)
        #expect(config.options.stop == ["END"])
        #expect(config.options.maxTokens == 128)
    }

    @Test func toolKeysAreReadAndChecked() throws {
        let config = try TachikomaConfig.parse(
            #"{"tool_rounds": 3, "tool_roots": ["/srv/notes", "docs"], "tool_policy": {"read_file": "auto", "fetch_url": "ask"}}"#,
            file: "c.json")
        #expect(config.toolRounds == 3)
        #expect(config.toolRoots == ["/srv/notes", "docs"])
        #expect(config.toolPolicy == ["read_file": .auto, "fetch_url": .ask])
        #expect(throws: ConfigError.outOfRange(path: "c.json", key: "tool_rounds", value: "0", allowed: SettingLimits.toolRounds.description)) {
            try TachikomaConfig.parse(#"{"tool_rounds": 0}"#, file: "c.json")
        }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"tool_rounds": 101}"#, file: "c.json") }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"tool_roots": "/srv"}"#, file: "c.json") }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"tool_roots": [""]}"#, file: "c.json") }
        do {
            _ = try TachikomaConfig.parse(#"{"tool_policy": {"read_file": "sometimes"}}"#, file: "c.json")
            Issue.record("a policy that is not ask, auto or off was accepted")
        } catch {
            #expect(error.description.contains("tool_policy.read_file"))
            #expect(error.description.contains(#""ask", "auto", "off""#))
        }
    }

    @Test func toolRootsExpandTheHomeDirectory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.json"
        try #"{"tool_roots": ["~/notes", "/abs"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try TachikomaConfig.load(explicitPath: path, environment: ["HOME": "/home/someone"], kinds: .forTests)
        #expect(config.toolRoots == ["/home/someone/notes", "/abs"])
    }

    @Test func invalidJSONNamesFileLineAndColumn() {
        let text = "{\n  \"model\": \"a\",\n  \"num_ctx\": x\n}"
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(text, file: "/etc/t.json") }
        do {
            _ = try TachikomaConfig.parse(text, file: "/etc/t.json")
        } catch {
            #expect(error == .invalidJSON(path: "/etc/t.json", line: 3, column: 14, reason: "unexpected character 'x'; a value was expected"))
            #expect(error.description.hasPrefix("/etc/t.json:3:14: invalid JSON"))
        }
    }

    @Test func trailingCommaIsReportedWhereItIs() {
        do {
            _ = try TachikomaConfig.parse("{\n  \"model\": \"a\",\n}", file: "c.json")
            Issue.record("expected an error")
        } catch {
            #expect(error == .invalidJSON(path: "c.json", line: 3, column: 1, reason: "trailing comma before '}'"))
        }
    }

    @Test func unknownKeySuggestsTheNearestKnownOne() {
        do {
            _ = try TachikomaConfig.parse(#"{"modle": "x"}"#, file: "c.json")
            Issue.record("expected an error")
        } catch {
            guard case .unknownKey(_, let key, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(key == "modle")
            #expect(error.description.contains("did you mean \"model\"?"))
        }
    }

    @Test func wrongTypeNamesKeyAndExpectation() {
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "num_ctx", expected: "a whole number from 128 to 16777216 (tokens)")) {
            try TachikomaConfig.parse(#"{"num_ctx": "big"}"#, file: "c.json")
        }
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "options.stop", expected: "an array of strings")) {
            try TachikomaConfig.parse(#"{"options": {"stop": "x"}}"#, file: "c.json")
        }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"edit_mode": "nano"}"#, file: "c.json") }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse("[]", file: "c.json") }
    }

    @Test func environmentOverridesFileAndMissingDefaultFileMeansDefaults() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tk-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tachikoma"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["XDG_CONFIG_HOME": directory.path, "HOME": "/nonexistent"]
        #expect(try TachikomaConfig.load(explicitPath: nil, environment: environment, kinds: .forTests) == TachikomaConfig())

        try #"{"host": "10.0.0.1", "model": "from-file"}"#.write(
            to: directory.appendingPathComponent("tachikoma/config.json"), atomically: true, encoding: .utf8)
        let fromFile = try TachikomaConfig.load(explicitPath: nil, environment: environment, kinds: .forTests)
        #expect(fromFile.host == "10.0.0.1")
        #expect(fromFile.model == "from-file")

        var withEnvironment = environment
        withEnvironment["OLLAMA_HOST"] = ":5555"
        withEnvironment["NO_COLOR"] = "1"
        let overridden = try TachikomaConfig.load(explicitPath: nil, environment: withEnvironment, kinds: .forTests)
        #expect(overridden.host == ":5555")
        #expect(overridden.model == "from-file")
        #expect(!overridden.color)
    }

    @Test func missingExplicitFileIsAnError() {
        #expect(throws: ConfigError.missingFile(path: "/nonexistent/t.json")) {
            try TachikomaConfig.load(explicitPath: "/nonexistent/t.json", environment: [:], kinds: .forTests)
        }
    }

    @Test func defaultPathFollowsXDG() {
        #expect(TachikomaConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/tachikoma/config.json")
        #expect(TachikomaConfig.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.config/tachikoma/config.json")
        #expect(TachikomaConfig.defaultPath(environment: [:]) == nil)
    }
}
