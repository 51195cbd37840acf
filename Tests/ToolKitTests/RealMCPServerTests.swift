import Foundation
import TachikomaCore
import Testing
@testable import ToolKit

/// A round trip with a real MCP server built on the official Python SDK (`pip install mcp-server-time`),
/// where one is installed, through the `tachikoma-mcp` helper: proof that the transport speaks the
/// protocol as other implementations do.
@Suite struct RealMCPServerTests {
    init() { brokenPipesIgnored }

    static let timeServer: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/mcp-server-time" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: timeServer != nil, "mcp-server-time is not installed"))
    func thePythonTimeServerListsAndAnswers() async throws {
        let server = MCPServerConfig(name: "time", command: try #require(Self.timeServer), arguments: ["--local-timezone", "UTC"], timeout: 60)
        let provider = MCPHelperProvider([server], helperPath: try BuiltBinary.helper.require())
        let (tools, problems) = await provider.tools()
        let answer: String
        do {
            #expect(problems.isEmpty)
            let now = try #require(tools.first { $0.definition.name == "get_current_time" })
            #expect(now.source == .mcpServer("time"))
            #expect(now.definition.parameters.objectValue?["required"] == ["timezone"])
            answer = try await now.run(["timezone": "Asia/Tokyo"])
        } catch {
            await provider.shutdown()
            throw error
        }
        await provider.shutdown()
        #expect(answer.contains("\"timezone\": \"Asia/Tokyo\""), "\(answer)")
        #expect(answer.contains("+09:00"), "\(answer)")
    }
}
