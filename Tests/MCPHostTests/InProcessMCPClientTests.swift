import Foundation
import MCPHost
import TachikomaCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The MCP client itself, in this process without the helper between: what `tachikoma-mcp` runs.
/// (ToolKitTests drive the same client through the helper, with every failure.)
@Suite struct InProcessMCPClientTests {
    init() {
        // A server that has gone leaves a closed pipe; `tachikoma-mcp` ignores SIGPIPE, and so do we.
        signal(SIGPIPE, SIG_IGN)
    }

    static var serverPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("mcp-test-server").path
    }

    @Test func toolsAreListedCalledAndTheServerStopped() async throws {
        let path = Self.serverPath
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is missing: run `swift build --build-tests` first")
        let provider = MCPToolProvider([MCPServerConfig(name: "test", command: path, timeout: 90)])
        let answers: (names: [String], echoed: String, failure: ToolError?)
        do {
            let (tools, problems) = await provider.tools()
            #expect(problems.isEmpty)
            let echo = try #require(tools.first { $0.definition.name == "echo" })
            let fail = try #require(tools.first { $0.definition.name == "fail" })
            var failure: ToolError?
            do { _ = try await fail.run(["message": "no"]) } catch { failure = error }
            answers = (tools.map(\.definition.name), try await echo.run(["text": "in process"]), failure)
        } catch {
            await provider.shutdown()
            throw error
        }
        await provider.shutdown()
        #expect(answers.names == ["echo", "add", "slow", "fail", "picture"])
        #expect(answers.echoed == "in process")
        #expect(answers.failure == .failed(tool: "fail", message: "no"))
        #expect(await provider.tools().problems == [.serverUnavailable(server: "test", reason: "the chat is ending")])
    }
}
