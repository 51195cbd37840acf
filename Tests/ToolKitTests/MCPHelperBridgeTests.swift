import Foundation
import TachikomaCore
import Testing
@testable import ToolKit

#if canImport(Glibc)
import Glibc
#endif

/// The helper process itself: cancelling through it, a missing helper, a helper killed mid-call, and
/// nothing left running after shutdown. Waits are on events (a line in the test server's notes, a
/// process gone), never on the clock.
@Suite struct MCPHelperBridgeTests {
    init() { brokenPipesIgnored }

    /// The server's notes file: the methods it received, one a line.
    static func notes(_ file: URL) -> [String] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func callsOverlapAndCancellingOneSendsTheCancelToTheServer() async throws {
        try await withScratchFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            try await MCPHelperProviderTests.withProvider([try MCPHelperProviderTests.server("test", ["--notes-file", notes.path])]) { provider in
                let (tools, _) = await provider.tools()
                let slow = try MCPHelperProviderTests.tool("slow", in: tools)
                let call = Task { try await slow.run(["seconds": 300]) }
                #expect(await waitFor { Self.notes(notes).contains { $0.hasPrefix("tools/call") } }, "the call never reached the server")
                // Calls overlap: another is answered while the slow one waits.
                #expect(try await MCPHelperProviderTests.tool("echo", in: tools).run(["text": "meanwhile"]) == "meanwhile")
                call.cancel()
                await #expect(throws: ToolError.cancelled(tool: "slow")) { try await call.value }
                let sent = try #require(Self.notes(notes).first { $0.hasPrefix("tools/call") }, "the slow call is the first")
                let requestID = sent.dropFirst("tools/call".count)
                #expect(await waitFor { Self.notes(notes).contains("notifications/cancelled" + requestID) }, "\(Self.notes(notes))")
                #expect(try await MCPHelperProviderTests.tool("echo", in: tools).run(["text": "still here"]) == "still here")
            }
        }
    }

    @Test func aMissingHelperMakesEveryServerUnavailableWithWhatToDo() async throws {
        let servers = [try MCPHelperProviderTests.server("one"), try MCPHelperProviderTests.server("two")]
        let missing = "/nonexistent-\(UUID().uuidString)/tachikoma-mcp"
        let provider = MCPHelperProvider(servers, helperPath: missing)
        let (tools, problems) = await provider.tools()
        await provider.shutdown()
        #expect(tools.isEmpty)
        let reason = "the MCP helper \(missing) was not found; it ships beside tachikoma: build both with `make release`"
        #expect(problems == [.serverUnavailable(server: "one", reason: reason), .serverUnavailable(server: "two", reason: reason)])

        let named = MCPHelperProvider(servers, environment: ["TACHIKOMA_MCP_HELPER": missing])
        let namedProblems = await named.tools().problems
        await named.shutdown()
        #expect(namedProblems.first?.description
            == "MCP server 'one' is unavailable: TACHIKOMA_MCP_HELPER names \(missing), which is not an executable program; point it at tachikoma-mcp or unset it")
    }

    @Test func aHelperKilledMidCallFailsTheCallAndEveryServer() async throws {
        try await withScratchFolder { folder in
            let notes = folder.appendingPathComponent("notes")
            let pidFile = folder.appendingPathComponent("pid")
            let server = try MCPHelperProviderTests.server("test", ["--notes-file", notes.path, "--pid-file", pidFile.path])
            let serverPID: Int32 = try await MCPHelperProviderTests.withProvider([server, try MCPHelperProviderTests.server("other")]) { provider in
                let (tools, _) = await provider.tools()
                let slow = try MCPHelperProviderTests.tool("slow", in: tools)
                let call = Task { try await slow.run(["seconds": 300]) }
                #expect(await waitFor { Self.notes(notes).contains { $0.hasPrefix("tools/call") } }, "the call never reached the server")
                let helper = try #require(await provider.helperProcessID)
                #expect(kill(helper, SIGKILL) == 0)
                let gone = "the MCP helper (tachikoma-mcp) was killed by signal 9; restart the chat to try again"
                await #expect(throws: ToolError.serverUnavailable(server: "test", reason: gone)) { try await call.value }
                let after = await provider.tools()
                #expect(after.tools.isEmpty)
                #expect(after.problems == [.serverUnavailable(server: "test", reason: gone), .serverUnavailable(server: "other", reason: gone)])
                await #expect(throws: ToolError.serverUnavailable(server: "test", reason: gone)) {
                    try await MCPHelperProviderTests.tool("echo", in: tools).run(["text": "anyone?"])
                }
                #expect(await ProcessProbe.isGone(helper))
                return try #require(await ProcessProbe.pid(in: pidFile))
            }
            // Its input closed with the helper, so the server ends too.
            #expect(await ProcessProbe.isGone(serverPID), "the MCP server outlived its helper")
        }
    }

    @Test func shutdownLeavesNoProcessBehind() async throws {
        try await withScratchFolder { folder in
            let pidFiles = [folder.appendingPathComponent("a"), folder.appendingPathComponent("b")]
            let servers = try pidFiles.enumerated().map { index, file in
                try MCPHelperProviderTests.server("s\(index)", ["--pid-file", file.path])
            }
            let provider = MCPHelperProvider(servers, helperPath: try BuiltBinary.helper.require())
            let listed = await provider.tools()
            let helper = await provider.helperProcessID
            await provider.shutdown()
            #expect(listed.problems.isEmpty && listed.tools.count == 10)
            let helperPID = try #require(helper)
            #expect(await ProcessProbe.isGone(helperPID), "the helper outlived shutdown()")
            for file in pidFiles {
                let pid = try #require(await ProcessProbe.pid(in: file))
                #expect(await ProcessProbe.isGone(pid), "an MCP server outlived shutdown()")
            }
        }
    }
}
