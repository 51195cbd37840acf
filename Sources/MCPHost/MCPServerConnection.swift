import Foundation
import MCP
import TachikomaCore
import ToolKit

/// One configured MCP server: started on first use, asked for its tools once, called per tool call,
/// stopped at shutdown. Every wait (initialize, list, call) is bounded by the server's `timeout` and
/// ends early when the process dies; a server that failed stays failed, reported the same way.
actor MCPServerConnection {
    let config: MCPServerConfig
    private let environment: [String: String]
    /// The limit for each tools/call: the config's `timeout`, unless a test shortens it alone so that a
    /// slow start on a loaded machine does not fail it.
    private let callTimeout: Double

    private enum State {
        case idle
        case starting(Task<Result<[MCP.Tool], ToolError>, Never>)
        case ready([MCP.Tool])
        case unavailable(String)
        case stopped
    }

    private var state = State.idle
    private var client: Client?
    private var transport: MCPProcessTransport?

    init(_ config: MCPServerConfig, environment: [String: String], callTimeout: Double? = nil) {
        self.config = config
        self.environment = environment
        self.callTimeout = callTimeout ?? config.timeout
    }

    /// The server's tools, starting it if this is the first use.
    func tools() async -> Result<[MCP.Tool], ToolError> {
        switch state {
        case .idle:
            let startup = Task { await start() }
            state = .starting(startup)
            let result = await startup.value
            if case .starting = state {
                switch result {
                case .success(let tools): state = .ready(tools)
                case .failure(let error): state = .unavailable(Self.reason(error))
                }
            }
            return result
        case .starting(let startup):
            return await startup.value
        case .ready(let tools):
            if let reason = transport?.exit.value { return .failure(died(reason)) }
            return .success(tools)
        case .unavailable(let reason):
            return .failure(unavailable(reason))
        case .stopped:
            return .failure(unavailable("the chat is ending"))
        }
    }

    /// Calls `tool`; its content as text. `isError` results become `ToolError.failed`.
    func call(_ tool: String, arguments: [String: Value]) async throws(ToolError) -> (content: [MCP.Tool.Content], isError: Bool) {
        guard case .ready = state, let client, let transport else {
            if case .unavailable(let reason) = state { throw unavailable(reason) }
            throw unavailable("it is not running")
        }
        if let reason = transport.exit.value { throw died(reason) }
        let request: RequestContext<CallTool.Result>
        do {
            request = try await client.callTool(name: tool, arguments: arguments)
        } catch {
            throw .failed(tool: tool, message: "the request could not be sent: \(error)")
        }
        do {
            let result = try await bounded(client: client, transport: transport, seconds: callTimeout) { try await request.value }
            return (result.content, result.isError ?? false)
        } catch let stop as Stop {
            try? await client.cancelRequest(request.requestID, reason: "no longer waited for")
            switch stop {
            case .timedOut: throw .timedOut(tool: tool, seconds: callTimeout)
            case .died(let reason): throw died(reason)
            }
        } catch is CancellationError {
            try? await client.cancelRequest(request.requestID, reason: "cancelled by the user")
            throw .cancelled(tool: tool)
        } catch let error as MCPError {
            throw .failed(tool: tool, message: "the server answered with an error: \(error.localizedDescription)")
        } catch {
            throw .failed(tool: tool, message: "\(error)")
        }
    }

    /// Stops the process (closing its input, then SIGTERM, then SIGKILL) and fails anything waiting.
    func shutdown() async {
        if case .starting(let startup) = state { startup.cancel() }
        state = .stopped
        await transport?.stop()
        await client?.disconnect()
    }

    // MARK: - Starting

    private func start() async -> Result<[MCP.Tool], ToolError> {
        let transport = MCPProcessTransport(config: config, environment: environment)
        let client = Client(name: "tachikoma", version: "1.0")
        self.transport = transport
        self.client = client
        do {
            _ = try await bounded(client: client, transport: transport) { try await client.connect(transport: transport) }
            var tools: [MCP.Tool] = []
            var cursor: String?
            // A server that pages forever is cut off rather than followed.
            for _ in 0..<100 {
                let current = cursor
                let page = try await bounded(client: client, transport: transport) { try await client.listTools(cursor: current) }
                tools += page.tools
                cursor = page.nextCursor
                if cursor == nil { break }
            }
            return .success(tools)
        } catch {
            let reason: String
            switch error {
            case Stop.timedOut: reason = "no answer to initialize or tools/list within \(NumericLimit.format(config.timeout)) s (timeout)"
            case Stop.died(let why): reason = why
            case is CancellationError: reason = "the chat is ending"
            default: reason = "\(error)"
            }
            await transport.stop()
            await client.disconnect()
            return .failure(unavailable(reason))
        }
    }

    // MARK: - Waiting

    private enum Stop: Error {
        case timedOut
        case died(String)
    }

    /// `operation`, unless the timeout passes or the process dies first.
    private func bounded<Value: Sendable>(
        client: Client, transport: MCPProcessTransport, seconds: Double? = nil,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let seconds = seconds ?? config.timeout
        let exit = transport.exit
        return try await FirstFinisher.first([
            operation,
            {
                try await Task.sleep(for: .seconds(seconds))
                throw Stop.timedOut
            },
            {
                guard let reason = await exit.wait() else { throw CancellationError() }
                throw Stop.died(reason)
            },
        ])
    }

    private func unavailable(_ reason: String) -> ToolError {
        .serverUnavailable(server: config.name, reason: reason)
    }

    /// The process has gone: remembered, so later calls say so at once.
    private func died(_ reason: String) -> ToolError {
        state = .unavailable(reason)
        return unavailable(reason)
    }

    private static func reason(_ error: ToolError) -> String {
        if case .serverUnavailable(_, let reason) = error { return reason }
        return error.description
    }
}
