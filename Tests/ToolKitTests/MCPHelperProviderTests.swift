import Foundation
import TachikomaCore
import Testing
@testable import ToolKit

/// MCP tools through the `tachikoma-mcp` helper against `mcp-test-server`, a real process speaking
/// JSON-RPC over its pipes. Every test shuts its provider down on every path and checks the process is
/// gone where it knows the pid.
@Suite struct MCPHelperProviderTests {
    init() { brokenPipesIgnored }

    static func server(_ name: String = "test", _ flags: [String] = [], timeout: Double = 90) throws -> MCPServerConfig {
        MCPServerConfig(name: name, command: try TestServerBinary.require(), arguments: flags, timeout: timeout)
    }

    /// Runs `body` with a provider and always shuts it down.
    static func withProvider<T>(
        _ servers: [MCPServerConfig], callTimeout: Double? = nil, _ body: (MCPHelperProvider) async throws -> T
    ) async throws -> T {
        let provider = MCPHelperProvider(servers, helperPath: try BuiltBinary.helper.require(), callTimeout: callTimeout)
        do {
            let result = try await body(provider)
            await provider.shutdown()
            return result
        } catch {
            await provider.shutdown()
            throw error
        }
    }

    static func tool(_ name: String, in tools: [any Tool]) throws -> any Tool {
        try #require(tools.first { $0.definition.name == name }, "no tool \(name) among \(tools.map(\.definition.name))")
    }

    @Test func toolsAreListedAndCalledLikeBuiltIns() async throws {
        try await withScratchFolder { folder in
            let pidFile = folder.appendingPathComponent("pid")
            let pid: Int32 = try await Self.withProvider([try Self.server("test", ["--pid-file", pidFile.path])]) { provider in
                let (tools, problems) = await provider.tools()
                #expect(problems.isEmpty)
                #expect(tools.map(\.definition.name) == ["echo", "add", "slow", "fail", "picture"])
                let echo = try Self.tool("echo", in: tools)
                #expect(echo.source == .mcpServer("test"))
                #expect(echo.defaultPolicy == .ask)
                #expect(echo.definition.description == "Returns the text it is given.")
                #expect(echo.definition.parameters.objectValue?["required"] == ["text"])
                #expect(try echo.preview(["text": "hi"]) == #"echo on MCP server 'test' with {"text":"hi"}"#)

                #expect(try await echo.run(["text": "héllo; $(x) \"q\""]) == "héllo; $(x) \"q\"")
                #expect(try await Self.tool("add", in: tools).run(["a": 2, "b": 40]) == "42")
                #expect(try await Self.tool("picture", in: tools).run([:]) == "[image, image/png, 8 bytes]\na tiny picture")
                await #expect(throws: ToolError.failed(tool: "fail", message: "broken on purpose")) {
                    try await Self.tool("fail", in: tools).run(["message": "broken on purpose"])
                }
                await #expect(throws: ToolError.invalidArguments(tool: "add", reason: "'b' is required")) {
                    try await Self.tool("add", in: tools).run(["a": 1])
                }
                // Asking again starts nothing new: the same server answers.
                let again = await provider.tools()
                #expect(again.tools.count == 5 && again.problems.isEmpty)
                return try #require(await ProcessProbe.pid(in: pidFile))
            }
            #expect(await ProcessProbe.isGone(pid), "the server outlived shutdown()")
        }
    }

    @Test func aServerThatCannotStartIsOneProblemAndTheOthersGoOn() async throws {
        let missing = MCPServerConfig(name: "missing", command: "no-such-mcp-server-here")
        let refusing = try Self.server("refusing", ["--exit-at-start"])
        try await Self.withProvider([missing, try Self.server("good"), refusing]) { provider in
            let (tools, problems) = await provider.tools()
            #expect(tools.count == 5)
            #expect(tools.allSatisfy { $0.source == .mcpServer("good") })
            #expect(problems == [
                .serverUnavailable(server: "missing", reason: "cannot run no-such-mcp-server-here: not found in PATH"),
                .serverUnavailable(server: "refusing", reason: "the server exited with status 2: mcp-test-server: refusing to start, as asked"),
            ])
            #expect(problems[1].description == "MCP server 'refusing' is unavailable: the server exited with status 2: mcp-test-server: refusing to start, as asked")
        }
    }

    /// The server ignores SIGTERM and never answers initialize: the timeout reports it, and stopping it
    /// goes all the way to SIGKILL.
    @Test func aServerThatHangsAtInitializeTimesOutAndIsKilled() async throws {
        try await withScratchFolder { folder in
            let pidFile = folder.appendingPathComponent("pid")
            let hanging = try Self.server("hanging", ["--pid-file", pidFile.path, "--hang-at-initialize", "--ignore-term"], timeout: 3)
            try await Self.withProvider([hanging]) { provider in
                let (tools, problems) = await provider.tools()
                #expect(tools.isEmpty)
                #expect(problems == [.serverUnavailable(server: "hanging", reason: "no answer to initialize or tools/list within 3 s (timeout)")])
                let pid = try #require(await ProcessProbe.pid(in: pidFile))
                #expect(await ProcessProbe.isGone(pid), "the hanging server was left running")
                // It stays unavailable, said the same way, without starting again.
                #expect(await provider.tools().problems == problems)
            }
        }
    }

    @Test func aServerThatDiesMidCallIsReportedAndItsToolsStopWorking() async throws {
        try await Self.withProvider([try Self.server("crashy", ["--crash-on-call", "2"]), try Self.server("steady")]) { provider in
            let (tools, _) = await provider.tools()
            let crashyEcho = try #require(tools.first { $0.definition.name == "echo" && $0.source == .mcpServer("crashy") })
            let steadyEcho = try #require(tools.first { $0.definition.name == "echo" && $0.source == .mcpServer("steady") })
            #expect(try await crashyEcho.run(["text": "one"]) == "one")
            let died = ToolError.serverUnavailable(
                server: "crashy", reason: "the server exited with status 3: mcp-test-server: crashing on call 2, as asked")
            await #expect(throws: died) { try await crashyEcho.run(["text": "two"]) }
            await #expect(throws: died) { try await crashyEcho.run(["text": "three"]) }
            #expect(try await steadyEcho.run(["text": "still here"]) == "still here")
            let after = await provider.tools()
            #expect(after.problems == [died])
            #expect(after.tools.allSatisfy { $0.source == .mcpServer("steady") })
        }
    }

    @Test func aSlowCallTimesOutAndTheServerStaysUsable() async throws {
        try await Self.withProvider([try Self.server("test")], callTimeout: 3) { provider in
            let (tools, _) = await provider.tools()
            await #expect(throws: ToolError.timedOut(tool: "slow", seconds: 3)) {
                try await Self.tool("slow", in: tools).run(["seconds": 300])
            }
            let echoed = try await Self.tool("echo", in: tools).run(["text": "after"])
            #expect(echoed == "after")
            #expect(await provider.tools().problems.isEmpty)
        }
    }

    @Test func cancellingACallReturnsAtOnce() async throws {
        try await Self.withProvider([try Self.server("test")]) { provider in
            let (tools, _) = await provider.tools()
            let slow = try Self.tool("slow", in: tools)
            let call = Task { try await slow.run(["seconds": 300]) }
            call.cancel()
            await #expect(throws: ToolError.cancelled(tool: "slow")) { try await call.value }
            let echoed = try await Self.tool("echo", in: tools).run(["text": "still here"])
            #expect(echoed == "still here")
        }
    }

    @Test func shutdownBeforeFirstUseStartsNothingAndAfterItNothingStarts() async throws {
        let provider = MCPHelperProvider([try Self.server("test")], helperPath: try BuiltBinary.helper.require())
        await provider.shutdown()
        #expect(await provider.helperProcessID == nil)
        let (tools, problems) = await provider.tools()
        #expect(tools.isEmpty)
        #expect(problems == [.serverUnavailable(server: "test", reason: "the chat is ending")])
    }

    @Test func theConfigBuildsCommandAndMCPProviders() async throws {
        var config = TachikomaConfig()
        #expect(configuredToolProviders(config).isEmpty)
        config.commandTools = [CommandToolConfig(name: "say", description: "d", argv: [ArgvTemplateElement(parsing: "echo")])]
        config.mcpServers = [try Self.server("test")]
        let providers = configuredToolProviders(config)
        let combined = CombinedToolProvider(providers)
        let (tools, problems) = await combined.tools()
        await combined.shutdown()
        #expect(problems.isEmpty)
        #expect(tools.map(\.definition.name) == ["say", "echo", "add", "slow", "fail", "picture"])
        #expect(tools.first?.source == .command)
    }
}
