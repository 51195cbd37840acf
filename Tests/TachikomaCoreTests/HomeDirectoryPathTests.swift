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
        let config = try TachikomaConfig.load(explicitPath: "~/c.json", environment: ["HOME": home.path])
        #expect(config.historyFile == home.path + "/state/h")
    }

    @Test func anUnknownUserInHistoryFileIsOneLine() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tk-home-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("c.json").path
        try #"{"history_file": "~no-such-user-tk/h"}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try TachikomaConfig.load(explicitPath: file, environment: ["HOME": home.path]) }
        do {
            _ = try TachikomaConfig.load(explicitPath: file, environment: ["HOME": home.path])
        } catch {
            #expect(error.description == "\(file): \"history_file\" is \"~no-such-user-tk/h\": ~no-such-user-tk cannot be expanded: there is no user no-such-user-tk; write the full path")
        }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"history_file": ""}"#, file: "c.json") }
    }
}
