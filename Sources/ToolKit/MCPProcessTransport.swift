import Foundation
import Logging
import MCP
import Subprocess
import SystemPackage
import TachikomaCore

/// An MCP server's process, started with swift-subprocess, and its pipes as the SDK's `Transport`:
/// newline-delimited JSON-RPC on its standard input and output (the MCP stdio transport).
///
/// The SDK's own `StdioTransport` polls non-blocking descriptors every 10 ms; this one waits on the
/// pipes through swift-subprocess, which also owns the process: its group, its exit status and its
/// teardown (SIGTERM, then SIGKILL) when the connection is stopped.
actor MCPProcessTransport: Transport {
    nonisolated let logger = Logger(label: "tachikoma.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })
    let config: MCPServerConfig
    /// Fired once the process has gone, with why (exit status and the end of its standard error).
    nonisolated let exit = ProcessExitSignal()

    private let incoming: AsyncThrowingStream<Data, any Error>
    private let incomingContinuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let outgoing: AsyncStream<[UInt8]>
    private let outgoingContinuation: AsyncStream<[UInt8]>.Continuation
    private var process: Task<Void, Never>?
    private let processEnvironment: [String: String]

    /// The longest message read from a server: 16 MiB.
    static let lineLimit = 16 << 20
    /// Bytes of standard error kept to explain an exit.
    static let errorTailLimit = 2_048
    /// How long a server has to exit once its standard input is closed, and then once sent SIGTERM.
    static let gracePeriod: Duration = .milliseconds(1_000)

    init(config: MCPServerConfig, environment: [String: String]) {
        self.config = config
        processEnvironment = environment
        (incoming, incomingContinuation) = AsyncThrowingStream.makeStream()
        (outgoing, outgoingContinuation) = AsyncStream.makeStream()
    }

    /// Starts the process (once). A program that cannot start fires `exit` rather than throwing, so the
    /// caller learns of it the same way as of any other death.
    func connect() async throws {
        guard process == nil else { return }
        let configuration = processConfiguration()
        let incoming = incomingContinuation
        let outgoing = outgoing
        let exit = exit
        let command = config.command
        process = Task {
            do {
                let result = try await Subprocess.run(configuration, input: .inputWriter, output: .sequence, error: .sequence) {
                    execution in
                    await Self.pump(execution, incoming: incoming, outgoing: outgoing)
                }
                exit.fire(Self.exitReason(result.terminationStatus, errorTail: result.closureResult))
            } catch let error as SubprocessError {
                exit.fire(CommandRunner.startFailureMessage(error, program: command, folder: configuration.workingDirectory?.string))
            } catch {
                exit.fire("stopped")
            }
            // `incoming` is never finished: the SDK's client re-reads a finished stream in a tight loop
            // until it is disconnected, and disconnecting it cancels its reading, which ends the stream.
        }
    }

    /// The SDK calls this on `Client.disconnect()`; the process is stopped by `stop()`.
    func disconnect() async {}

    func send(_ data: Data) async throws {
        if exit.reason != nil { throw MCPError.connectionClosed }
        var line = [UInt8](data)
        line.append(UInt8(ascii: "\n"))
        outgoingContinuation.yield(line)
    }

    func receive() -> AsyncThrowingStream<Data, any Error> { incoming }

    /// Closes the server's standard input and gives it a moment to exit (what the MCP spec asks of a
    /// client); then SIGTERM to its group, a moment more, and SIGKILL. Returns once it is gone.
    func stop() async {
        outgoingContinuation.finish()
        guard let process else { return }
        let exited = (try? await FirstFinisher.first([
            { [exit] in await exit.wait() != nil },
            { try await Task.sleep(for: Self.gracePeriod); return false },
        ])) ?? false
        if !exited { process.cancel() }
        await process.value
    }

    private func processConfiguration() -> Configuration {
        let command = (try? HomeDirectoryPath.expand(config.command, environment: processEnvironment)) ?? config.command
        var options = PlatformOptions()
        // Its own group: Ctrl-C at the terminal does not reach it, and teardown reaches its children.
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: Self.gracePeriod)]
        var environment = Subprocess.Environment.inherit
        if !config.environment.isEmpty {
            var updates: [Subprocess.Environment.Key: String?] = [:]
            for (name, value) in config.environment {
                if let key = Subprocess.Environment.Key(rawValue: name) { updates[key] = value }
            }
            environment = environment.updating(updates)
        }
        let folder = config.workingDirectory.map { (try? HomeDirectoryPath.expand($0, environment: processEnvironment)) ?? $0 }
        return Configuration(
            executable: command.contains("/") ? .path(FilePath(command)) : .name(command),
            arguments: Arguments(config.arguments),
            environment: environment,
            workingDirectory: folder.map { FilePath($0) },
            platformOptions: options
        )
    }

    private enum PumpEvent: Sendable {
        case outputEnded
        case errorTail([UInt8])
        case inputEnded
    }

    /// Moves lines between the pipes and the streams until the server closes its standard output;
    /// returns the end of its standard error.
    private static func pump(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>,
        incoming: AsyncThrowingStream<Data, any Error>.Continuation, outgoing: AsyncStream<[UInt8]>
    ) async -> [UInt8] {
        await withTaskGroup(of: PumpEvent.self) { group in
            group.addTask {
                var pending: [UInt8] = []
                do {
                    for try await buffer in execution.standardOutput {
                        buffer.withUnsafeBytes { bytes in pending.append(contentsOf: bytes) }
                        var start = 0
                        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                            let line = pending[start..<newline]
                            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
                                incoming.yield(Data(line))
                            }
                            start = newline + 1
                        }
                        pending.removeFirst(start)
                        // A "line" this long is no JSON-RPC message; dropping it keeps memory bounded,
                        // and the request it may have answered runs into its timeout.
                        if pending.count > lineLimit { pending.removeAll() }
                    }
                } catch {}
                return .outputEnded
            }
            group.addTask {
                var tail: [UInt8] = []
                do {
                    for try await buffer in execution.standardError {
                        buffer.withUnsafeBytes { bytes in tail.append(contentsOf: bytes) }
                        if tail.count > errorTailLimit { tail.removeFirst(tail.count - errorTailLimit) }
                    }
                } catch {}
                return .errorTail(tail)
            }
            group.addTask {
                for await line in outgoing {
                    do {
                        _ = try await execution.standardInputWriter.write(line)
                    } catch {
                        break
                    }
                }
                try? await execution.standardInputWriter.finish()
                return .inputEnded
            }
            var errorTail: [UInt8] = []
            var waitingFor = 2  // standard output and standard error
            while waitingFor > 0, let event = await group.next() {
                switch event {
                case .outputEnded: waitingFor -= 1
                case .errorTail(let tail): errorTail = tail; waitingFor -= 1
                case .inputEnded: continue
                }
            }
            // The server is gone or has closed its output: stop feeding it.
            group.cancelAll()
            return errorTail
        }
    }

    static func exitReason(_ status: TerminationStatus, errorTail: [UInt8]) -> String {
        let summary = CommandTool.errorSummary(errorTail)
        switch status {
        case .exited(let code): return "the server exited with status \(code)" + summary
        case .signaled(let signal): return "the server was killed by signal \(signal)" + summary
        }
    }
}
