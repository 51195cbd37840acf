import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore
@testable import ToolKit

@Suite("current_time and fetch_url")
struct TimeAndFetchToolTests {
    @Test func currentTimeSaysTheZone() async throws {
        // 2026-11-27 03:04:05 UTC.
        let tool = CurrentTimeTool(localZone: TimeZone(identifier: "UTC")!, now: { Date(timeIntervalSince1970: 1_795_748_645) })
        // The abbreviation after the zone's name is the system's (GMT or UTC, JST or GMT+9).
        let utc = try await tool.run([:])
        // Foundation on Linux names UTC "GMT".
        #expect(utc == "2026-11-27T03:04:05Z (Friday, GMT)" || utc.hasPrefix("2026-11-27T03:04:05Z (Friday, UTC"), "\(utc)")
        #expect(try await tool.run(["time_zone": "Asia/Tokyo"]).hasPrefix("2026-11-27T12:04:05+09:00 (Friday, Asia/Tokyo"))
        await #expect(throws: ToolError.self) { try await tool.run(["time_zone": "Mars/Olympus"]) }
        await #expect(throws: ToolError.self) { try await tool.run(["time_zone": 5]) }
        #expect(tool.defaultPolicy == .auto)
    }

    @Test func fetchReturnsTextWithItsStatus() async throws {
        try await ScriptedOllamaServer.withRunning(ServerScript(version: "9.8.7")) { server in
            let tool = FetchURLTool()
            let text = try await tool.run(["url": .string(server.baseURL + "/api/version")])
            #expect(text.hasPrefix("HTTP 200 OK; application/json"))
            #expect(text.contains(#""version":"9.8.7""#))
            let cut = try await FetchURLTool(maximumBytes: 5).run(["url": .string(server.baseURL + "/api/version")])
            #expect(cut.contains("cut after 5 bytes"))
        }
    }

    @Test func fetchRefusesOtherSchemesAndIsOffByDefault() async throws {
        let tool = FetchURLTool()
        #expect(tool.defaultPolicy == .off)
        await #expect(throws: ToolError.invalidArguments(tool: "fetch_url", reason: "'file:///etc/passwd' is not an http:// or https:// URL")) {
            try await tool.run(["url": "file:///etc/passwd"])
        }
        #expect(throws: ToolError.self) { try tool.preview(["url": "ftp://example.com"]) }
        #expect(try tool.preview(["url": "http://127.0.0.1:9/x"]) == "fetch http://127.0.0.1:9/x")
    }
}
