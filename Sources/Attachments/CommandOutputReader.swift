import Foundation
import TachikomaCore

/// Runs what the person typed after `/attach !` through `sh -c` in the current folder and takes what
/// it printed (standard output and standard error together, as a terminal shows them) and its exit
/// status. Limits: the text limit of one message; Ctrl-C (cancelling the task) stops the command.
/// A command that cannot start, is killed, prints more than the limit, or prints nothing and exits
/// with a failure is an error; one that prints something and fails is attached with its status, as
/// a compiler's errors are worth sending.
public struct CommandOutputReader: Sendable {
    public var limit: Int
    public var workingDirectory: String?

    public init(limit: Int, workingDirectory: String? = nil) {
        self.limit = limit
        self.workingDirectory = workingDirectory
    }

    public func run(_ command: String) async throws(AttachmentError) -> Attachment {
        let name = "!" + command
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .commandFailed(command: name, reason: "sh could not be started (\(error.localizedDescription))")
        }
        let limit = self.limit
        let outcome: (bytes: [UInt8], overLimit: Bool) = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    var bytes: [UInt8] = []
                    var overLimit = false
                    let handle = pipe.fileHandleForReading
                    while true {
                        let chunk = handle.availableData
                        if chunk.isEmpty { break }
                        bytes += chunk
                        if bytes.count > limit {
                            overLimit = true
                            process.terminate()
                            break
                        }
                    }
                    process.waitUntilExit()
                    continuation.resume(returning: (bytes, overLimit))
                }
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }
        if Task.isCancelled { throw .commandFailed(command: name, reason: "stopped") }
        if outcome.overLimit {
            throw .tooLarge(name: name, bytes: outcome.bytes.count, limit: limit, what: "attached text")
        }
        if process.terminationReason == .uncaughtSignal {
            throw .commandFailed(command: name, reason: "it was killed by signal \(process.terminationStatus)")
        }
        let status = process.terminationStatus
        guard AttachmentReader.isText(outcome.bytes) else { throw .commandFailed(command: name, reason: "it printed binary data") }
        if outcome.bytes.isEmpty && status != 0 {
            throw .commandFailed(command: name, reason: "it printed nothing and exited with status \(status)")
        }
        return Attachment(name: name, kind: .text(.command(exitStatus: status)), bytes: outcome.bytes)
    }
}
