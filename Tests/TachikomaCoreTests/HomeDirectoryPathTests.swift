import Foundation
import Testing

@testable import TachikomaCore

@Suite struct HomeDirectoryPathTests {
    @Test func tildeBecomesTheHomeDirectory() throws {
        let environment = ["HOME": "/home/ada"]
        #expect(try HomeDirectoryPath.expand("~", environment: environment) == "/home/ada")
        #expect(try HomeDirectoryPath.expand("~/x/y", environment: environment) == "/home/ada/x/y")
        #expect(try HomeDirectoryPath.expand("~/x", environment: ["HOME": "/home/ada/"]) == "/home/ada/x")
        #expect(try HomeDirectoryPath.expand("/abs/~/x", environment: environment) == "/abs/~/x")
        #expect(try HomeDirectoryPath.expand("rel/x", environment: environment) == "rel/x")
        #expect(try HomeDirectoryPath.expand("~root/x", environment: environment) == "/root/x")
        #expect(throws: HomeDirectoryPath.Failure.unknownUser("no-such-user-tk")) {
            try HomeDirectoryPath.expand("~no-such-user-tk/x", environment: environment)
        }
    }

    @Test func historyFileAndConfigPathExpandTilde() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tk-home-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try #"{"history_file": "~/state/h"}"#.write(to: home.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let config = try TachikomaConfig.load(explicitPath: "~/c.json", environment: ["HOME": home.path], kinds: .forTests)
        #expect(config.historyFile == home.path + "/state/h")
    }

    @Test func anUnknownUserInHistoryFileIsOneLine() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tk-home-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("c.json").path
        try #"{"history_file": "~no-such-user-tk/h"}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try TachikomaConfig.load(explicitPath: file, environment: ["HOME": home.path], kinds: .forTests) }
        do {
            _ = try TachikomaConfig.load(explicitPath: file, environment: ["HOME": home.path], kinds: .forTests)
        } catch {
            #expect(error.description == "\(file): \"history_file\" is \"~no-such-user-tk/h\": ~no-such-user-tk cannot be expanded: there is no user no-such-user-tk; write the full path")
        }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"history_file": ""}"#, file: "c.json") }
    }
}

@Suite struct KeepAliveTests {
    @Test(arguments: ["5m", "1h30m", "-1", "-1m", "0", "300ms", "1.5h", ".5s", "1.s", "2h45m10.5s", "10us", "3µs", "60", "+5m"])
    func goDurationsAndWholeSecondsAreAccepted(text: String) throws {
        let config = try TachikomaConfig.parse("{\"keep_alive\": \"\(text)\"}", file: "c.json")
        #expect(config.keepAlive == text)
    }

    @Test(arguments: ["", "5 minutes", "m", "1d", "5m5", "--1m", "1..5s", ".s", "99999999999h", "1e3s", "５m"])
    func anythingElseIsOneLineNamingTheSyntax(text: String) {
        #expect(throws: ConfigError.wrongType(path: "c.json", key: "keep_alive", expected: "a duration such as \"5m\", \"1h30m\" or \"-1\" (Go's syntax), or whole seconds")) {
            try TachikomaConfig.parse("{\"keep_alive\": \"\(text)\"}", file: "c.json")
        }
    }
}
