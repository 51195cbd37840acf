import Foundation
import Subprocess
import SystemPackage
import TachikomaCore

/// How one run of a program ended, as the command tool reports it.
struct CommandOutcome: Sendable {
    enum Ending: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)
        /// Stopped because it ran past its time limit (nothing it printed is kept).
        case timedOut
        /// Stopped because it printed more than the output limit.
        case outputCut
    }

    var ending: Ending
    /// Standard output, at most the limit.
    var output: [UInt8]
    /// The last bytes of standard error, for a failure's message.
    var errorTail: [UInt8]
}

/// Why a program could not be run at all.
struct CommandStartFailure: Error, Sendable {
    var message: String
}

/// Runs a program with swift-subprocess: never through a shell, in a process group of its own so a
/// timeout, an output overflow or cancellation stops it and everything it started.
package enum CommandRunner {
    /// Bytes of standard error kept for a failure's message.
    static let errorTailLimit = 2_048

    /// SIGTERM to the group, half a second to exit, then SIGKILL to the group.
    static let teardown: [TeardownStep] = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))]

    /// Runs `invocation`; cancelling the calling task stops the program (the group) and rethrows
    /// `CancellationError`. The clock runs around the whole run, not only the reading, so a program that
    /// closes its outputs and lingers is stopped too.
    static func run(_ invocation: CommandInvocation, timeout: Double, maxOutput: Int) async throws -> CommandOutcome {
        try await withThrowingTaskGroup(of: CommandOutcome?.self) { group in
            group.addTask { try await runUntimed(invocation, maxOutput: maxOutput) }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            // The first to finish decides; cancelling the run (when the clock wins) makes swift-subprocess
            // stop the group before `run` returns.
            guard let first = try await group.next() else { throw CancellationError() }
            try Task.checkCancellation()
            if let outcome = first { return outcome }
            group.cancelAll()
            while let _ = try? await group.next() {}
            return CommandOutcome(ending: .timedOut, output: [], errorTail: [])
        }
    }

    private static func runUntimed(_ invocation: CommandInvocation, maxOutput: Int) async throws -> CommandOutcome {
        guard let program = invocation.argv.first else { throw CommandStartFailure(message: "the argv is empty") }
        var options = PlatformOptions()
        // 0: a new group led by the child, so signals to the group reach its children too.
        options.processGroupID = 0
        options.teardownSequence = teardown
        let configuration = Configuration(
            executable: program.contains("/") ? .path(FilePath(program)) : .name(program),
            arguments: Arguments(Array(invocation.argv.dropFirst())),
            environment: LineProcess.environment(adding: invocation.environment),
            workingDirectory: invocation.workingDirectory.map { FilePath($0) },
            platformOptions: options
        )
        let standardInput = invocation.standardInput.map { Array($0.utf8) }
        do {
            let result = try await Subprocess.run(configuration, input: .inputWriter, output: .sequence, error: .sequence) {
                execution in
                try await collect(execution, standardInput: standardInput, maxOutput: maxOutput)
            }
            try Task.checkCancellation()
            var outcome = result.closureResult
            if outcome.ending != .outputCut {
                switch result.terminationStatus {
                case .exited(let code): outcome.ending = .exited(code)
                case .signaled(let signal): outcome.ending = .signaled(signal)
                }
            }
            return outcome
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            throw CommandStartFailure(message: startFailureMessage(error, program: program, folder: invocation.workingDirectory))
        }
    }

    private enum Event: Sendable {
        case inputDone
        case output([UInt8], cut: Bool)
        case errorTail([UInt8])
    }

    /// Feeds standard input and reads both outputs at once; stops the group when the output overflows.
    private static func collect(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>, standardInput: [UInt8]?, maxOutput: Int
    ) async throws -> CommandOutcome {
        try await withThrowingTaskGroup(of: Event.self) { group in
            group.addTask {
                // A program that exits without reading its input is not an error.
                if let standardInput { _ = try? await execution.standardInputWriter.write(standardInput) }
                try? await execution.standardInputWriter.finish()
                return .inputDone
            }
            group.addTask {
                var kept: [UInt8] = []
                do {
                    for try await buffer in execution.standardOutput {
                        let room = maxOutput - kept.count
                        buffer.withUnsafeBytes { bytes in kept.append(contentsOf: bytes.prefix(room)) }
                        if buffer.count > room { return .output(kept, cut: true) }
                    }
                } catch {
                    // The pipe closed under us (the program was stopped): what was read stands.
                }
                return .output(kept, cut: false)
            }
            group.addTask {
                .errorTail(await standardErrorTail(execution.standardError, limit: errorTailLimit))
            }
            var outcome = CommandOutcome(ending: .exited(0), output: [], errorTail: [])
            while let event = try await group.next() {
                switch event {
                case .inputDone:
                    continue
                case .output(let bytes, let cut):
                    outcome.output = bytes
                    if cut {
                        outcome.ending = .outputCut
                        await execution.teardown(using: teardown)
                    }
                case .errorTail(let bytes):
                    outcome.errorTail = bytes
                }
            }
            return outcome
        }
    }

    package static func startFailureMessage(_ error: SubprocessError, program: String, folder: String?) -> String {
        switch error.code {
        case .executableNotFound:
            program.contains("/") ? "cannot run \(program): no such program, or it is not executable"
                : "cannot run \(program): not found in PATH"
        case .failedToChangeWorkingDirectory:
            "cannot run \(program): the folder \(folder ?? "?") does not exist or cannot be entered"
        default:
            "cannot run \(program): \(error.description)"
        }
    }
}
