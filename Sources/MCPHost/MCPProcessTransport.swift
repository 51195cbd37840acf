import Foundation
import Logging
import MCP
import Subprocess
import SystemPackage
import TachikomaCore
import ToolKit

/// An MCP server's process and its pipes as the SDK's `Transport`: newline-delimited JSON-RPC on its
/// standard input and output (the MCP stdio transport), over ToolKit's `LineProcess`.
///
/// The SDK's own `StdioTransport` polls non-blocking descriptors every 10 ms; this one waits on the
/// pipes through swift-subprocess, which also owns the process: its group, its exit status and its
/// teardown (SIGTERM, then SIGKILL) when the connection is stopped.
actor MCPProcessTransport: Transport {
    nonisolated let logger = Logger(label: "tachikoma.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })
    let config: MCPServerConfig
    /// Fired once the process has gone, with why (exit status and the end of its standard error).
    nonisolated var exit: OneShot<String> { process.exit }

    private let incoming: AsyncThrowingStream<Data, any Error>
    private let incomingContinuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let process = LineProcess(gracePeriod: gracePeriod)
    private let processEnvironment: [String: String]

    /// How long a server has to exit once its standard input is closed, and then once sent SIGTERM.
    static let gracePeriod: Duration = .milliseconds(1_000)

    init(config: MCPServerConfig, environment: [String: String]) {
        self.config = config
        processEnvironment = environment
        (incoming, incomingContinuation) = AsyncThrowingStream.makeStream()
    }

    /// Starts the process (once). A program that cannot start fires `exit` rather than throwing, so the
    /// caller learns of it the same way as of any other death.
    func connect() async throws {
        let configuration = processConfiguration()
        let command = config.command
        let folder = configuration.workingDirectory?.string
        let incoming = incomingContinuation
        // `incoming` is never finished: the SDK's client re-reads a finished stream in a tight loop
        // until it is disconnected, and disconnecting it cancels its reading, which ends the stream.
        process.start(
            configuration,
            describeExit: { status, tail in LineProcess.exitReason(status, errorTail: tail, who: "the server") },
            describeStartFailure: { error in CommandRunner.startFailureMessage(error, program: command, folder: folder) },
            deliver: { line in incoming.yield(line) })
    }

    /// The SDK calls this on `Client.disconnect()`; the process is stopped by `stop()`.
    func disconnect() async {}

    func send(_ data: Data) async throws {
        guard process.send([UInt8](data)) else { throw MCPError.connectionClosed }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> { incoming }

    /// Closes the server's standard input and gives it a moment to exit (what the MCP spec asks of a
    /// client); then SIGTERM to its group, a moment more, and SIGKILL. Returns once it is gone.
    func stop() async {
        await process.stop()
    }

    private func processConfiguration() -> Configuration {
        let command = (try? HomeDirectoryPath.expand(config.command, environment: processEnvironment)) ?? config.command
        let folder = config.workingDirectory.map { (try? HomeDirectoryPath.expand($0, environment: processEnvironment)) ?? $0 }
        // Its own group (LineProcess): Ctrl-C at the terminal does not reach it, and teardown reaches
        // its children.
        return Configuration(
            executable: command.contains("/") ? .path(FilePath(command)) : .name(command),
            arguments: Arguments(config.arguments),
            environment: LineProcess.environment(adding: config.environment),
            workingDirectory: folder.map { FilePath($0) }
        )
    }
}
