import Foundation
import Subprocess
import Synchronization
import TachikomaCore

/// A long-lived child process spoken to in lines of text over its standard input and output: an MCP
/// server (its stdio transport) or the `tachikoma-mcp` helper. swift-subprocess owns the process: its
/// group, its exit status and its teardown (SIGTERM to the group, then SIGKILL) when it is stopped.
///
/// Lines read are handed to `deliver` one at a time, in order, on the reading task; blank lines are
/// skipped. `exit` fires once the process has gone (or could not start), with why in words.
package final class LineProcess: Sendable {
    /// Fired once the process has gone, with why (exit status and the end of its standard error).
    package let exit = OneShot<String>()

    /// The longest line read: 16 MiB. A longer "line" is dropped, which keeps memory bounded.
    package static let lineLimit = 16 << 20
    /// Bytes of standard error kept to explain an exit.
    package static let errorTailLimit = 2_048

    private let outgoing: AsyncStream<[UInt8]>
    private let outgoingContinuation: AsyncStream<[UInt8]>.Continuation
    private let gracePeriod: Duration
    private struct State {
        var process: Task<Void, Never>?
        var processID: pid_t?
    }
    private let state = Mutex(State())

    /// - Parameter gracePeriod: how long the process has to exit once its standard input is closed
    ///   (`stop()`), and then once sent SIGTERM.
    package init(gracePeriod: Duration) {
        self.gracePeriod = gracePeriod
        (outgoing, outgoingContinuation) = AsyncStream.makeStream()
    }

    /// The process's id while it runs (tests signal it).
    package var processID: pid_t? { state.withLock { $0.processID } }

    /// Starts the process (once). A program that cannot start fires `exit` rather than throwing, so the
    /// caller learns of it the same way as of any other death.
    /// - Parameters:
    ///   - describeExit: the words for an exit, from its status and the end of its standard error.
    ///   - describeStartFailure: the words for a program that could not be started.
    package func start(
        _ configuration: Configuration,
        describeExit: @escaping @Sendable (TerminationStatus, [UInt8]) -> String,
        describeStartFailure: @escaping @Sendable (SubprocessError) -> String,
        deliver: @escaping @Sendable (Data) -> Void
    ) {
        var configuration = configuration
        configuration.platformOptions.processGroupID = 0
        configuration.platformOptions.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        let ready = configuration
        state.withLock { state in
            guard state.process == nil else { return }
            let outgoing = outgoing
            let exit = exit
            state.process = Task { [self] in
                do {
                    let result = try await Subprocess.run(ready, input: .inputWriter, output: .sequence, error: .sequence) {
                        execution in
                        self.state.withLock { $0.processID = execution.processIdentifier.value }
                        return await Self.pump(execution, deliver: deliver, outgoing: outgoing)
                    }
                    self.state.withLock { $0.processID = nil }
                    exit.fire(describeExit(result.terminationStatus, result.closureResult))
                } catch let error as SubprocessError {
                    exit.fire(describeStartFailure(error))
                } catch {
                    exit.fire("stopped")
                }
            }
        }
    }

    /// Queues `line` (a newline is added); false once the process has gone.
    @discardableResult
    package func send(_ line: [UInt8]) -> Bool {
        guard !exit.hasFired else { return false }
        var line = line
        line.append(UInt8(ascii: "\n"))
        if case .terminated = outgoingContinuation.yield(line) { return false }
        return true
    }

    /// Closes the process's standard input and gives it `gracePeriod` to exit; then SIGTERM to its
    /// group, `gracePeriod` more, and SIGKILL. Returns once it is gone.
    package func stop() async {
        outgoingContinuation.finish()
        guard let process = state.withLock({ $0.process }) else { return }
        let exited = (try? await FirstFinisher.first([
            { [exit] in await exit.wait() != nil },
            { [gracePeriod] in try await Task.sleep(for: gracePeriod); return false },
        ])) ?? false
        if !exited { process.cancel() }
        await process.value
    }

    private enum PumpEvent: Sendable {
        case outputEnded
        case errorTail([UInt8])
        case inputEnded
    }

    /// Moves lines between the pipes and the caller until the process closes its standard output;
    /// returns the end of its standard error.
    private static func pump(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>,
        deliver: @escaping @Sendable (Data) -> Void, outgoing: AsyncStream<[UInt8]>
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
                                deliver(Data(line))
                            }
                            start = newline + 1
                        }
                        pending.removeFirst(start)
                        // A "line" this long is no message; whatever it may have answered runs into
                        // its timeout.
                        if pending.count > lineLimit { pending.removeAll() }
                    }
                } catch {}
                return .outputEnded
            }
            group.addTask {
                .errorTail(await standardErrorTail(execution.standardError, limit: errorTailLimit))
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
            // The process is gone or has closed its output: stop feeding it.
            group.cancelAll()
            return errorTail
        }
    }

    /// "<who> exited with status N: <the end of its standard error>".
    package static func exitReason(_ status: TerminationStatus, errorTail: [UInt8], who: String) -> String {
        let summary = CommandTool.errorSummary(errorTail)
        switch status {
        case .exited(let code): return "\(who) exited with status \(code)" + summary
        case .signaled(let signal): return "\(who) was killed by signal \(signal)" + summary
        }
    }

    /// A copy of this process's environment with `added` set: what a child is given.
    package static func environment(_ base: Subprocess.Environment = .inherit, adding added: [String: String]) -> Subprocess.Environment {
        guard !added.isEmpty else { return base }
        var updates: [Subprocess.Environment.Key: String?] = [:]
        for (name, value) in added {
            if let key = Subprocess.Environment.Key(rawValue: name) { updates[key] = value }
        }
        return base.updating(updates)
    }
}
