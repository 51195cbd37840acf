import Foundation
import SignalRouting
import Synchronization
import TachikomaCore
import ToolKit

#if canImport(Glibc)
import Glibc
#endif

/// The `tachikoma-mcp` side of the helper protocol (`MCPHelperRequest` documents it): requests read
/// from standard input, each answered on standard output by its id, the MCP work done by
/// `MCPToolProvider`. Ends when standard input ends (or on SIGTERM), after stopping every MCP server.
public enum MCPHelperService {
    /// Serves standard input and output until standard input ends; every server is stopped on return.
    public static func run() async {
        let session = HelperSession(output: StandardOutputLines())
        let termination = SignalRouter.shared.subscribe(to: [SIGTERM]) { _ in
            Task {
                await session.shutdown()
                exit(0)
            }
        }
        defer { termination.cancel() }
        for await line in StandardInputLines.stream() {
            guard let request = try? JSONDecoder().decode(MCPHelperRequest.self, from: line) else { continue }
            await session.handle(request)
        }
        await session.shutdown()
    }
}

/// One conversation with `tachikoma`: the servers it configured, the tools they listed and the calls
/// under way (by id, so a `cancel` reaches the right one).
private actor HelperSession {
    private let output: StandardOutputLines
    private var provider: MCPToolProvider?
    /// Every tool ever listed, by server and name: a server that died keeps answering (with why)
    /// through the tools it listed before.
    private var known: [String: [String: MCPTool]] = [:]
    private var calls: [Int: Task<Void, Never>] = [:]

    init(output: StandardOutputLines) {
        self.output = output
    }

    func handle(_ request: MCPHelperRequest) {
        switch request.type {
        case .configure:
            guard provider == nil else { return }
            provider = MCPToolProvider((request.servers ?? []).map(\.config), callTimeout: request.callTimeout)
        case .list:
            guard let id = request.id else { return }
            Task {
                let (tools, problems) = await listed()
                output.write(.tools(id: id, tools.map { MCPHelperTool(server: $0.server, definition: $0.definition) }, problems: problems))
            }
        case .call:
            guard let id = request.id else { return }
            let (server, tool) = (request.server ?? "", request.tool ?? "")
            let arguments = request.arguments ?? .object([:])
            calls[id] = Task {
                let reply: MCPHelperReply
                do throws(ToolError) {
                    let text = try await self.tool(tool, on: server).run(arguments)
                    reply = .result(id: id, text)
                } catch {
                    reply = .failure(id: id, error)
                }
                output.write(reply)
                finished(id)
            }
        case .cancel:
            if let id = request.id { calls[id]?.cancel() }
        }
    }

    /// Stops every server; calls still waiting end with why.
    func shutdown() async {
        let provider = provider
        self.provider = nil
        await provider?.shutdown()
    }

    private func finished(_ id: Int) {
        calls[id] = nil
    }

    private func listed() async -> (tools: [MCPTool], problems: [ToolError]) {
        guard let provider else { return ([], []) }
        let (tools, problems) = await provider.tools()
        let listed = tools.compactMap { $0 as? MCPTool }
        for tool in listed where known[tool.server]?[tool.definition.name] == nil {
            known[tool.server, default: [:]][tool.definition.name] = tool
        }
        return (listed, problems)
    }

    private func tool(_ name: String, on server: String) async throws(ToolError) -> MCPTool {
        if let tool = known[server]?[name] { return tool }
        let (_, problems) = await listed()
        if let tool = known[server]?[name] { return tool }
        if let problem = problems.first(where: { if case .serverUnavailable(server, _) = $0 { true } else { false } }) {
            throw problem
        }
        throw .unknownTool(name)
    }
}

/// Replies written to standard output one whole line at a time (calls answer from many tasks).
private final class StandardOutputLines: Sendable {
    private let lock = Mutex(())

    func write(_ reply: MCPHelperReply) {
        var line = JSONEncoder.helperLine(reply)
        line.append(UInt8(ascii: "\n"))
        lock.withLock { _ in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0, errno == EINTR { continue }
                    // `tachikoma` has gone; its closed pipe ends the input too, and with it this process.
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}

/// Standard input as lines, read on a thread of its own (a blocking read), ending at end of input.
private enum StandardInputLines {
    static func stream() -> AsyncStream<Data> {
        let (lines, continuation) = AsyncStream<Data>.makeStream()
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                var start = 0
                while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    if newline > start { continuation.yield(Data(pending[start..<newline])) }
                    start = newline + 1
                }
                pending.removeFirst(start)
                if pending.count > LineProcess.lineLimit { pending.removeAll() }
            }
            continuation.finish()
        }
        thread.start()
        return lines
    }
}
