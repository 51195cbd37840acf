import Foundation
import OllamaTestSupport

/// What a finished run of the binary printed, without a terminal.
struct CommandResult {
    var exitCode: Int32
    var stdout: String
    var stderr: String
}

/// Runs a built executable with pipes (no terminal), feeding `stdin`, and waits for it.
func runCommand(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
    timeout: Duration = .seconds(60)
) async throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var fullEnvironment = ProcessInfo.processInfo.environment
    fullEnvironment.removeValue(forKey: "OLLAMA_HOST")
    for (key, value) in environment { fullEnvironment[key] = value }
    process.environment = fullEnvironment
    let output = Pipe(), errors = Pipe(), input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input
    let exited = ChangeSignal()
    process.terminationHandler = { _ in exited.notify() }
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe never blocks the child, on threads of their own:
    // a blocking read on the cooperative pool (two threads here) would starve the in-process server.
    async let out = readToEnd(output.fileHandleForReading)
    async let err = readToEnd(errors.fileHandleForReading)
    if await !exited.waitUntil(timeout: timeout, { !process.isRunning }) { process.terminate() }
    process.waitUntilExit()
    return CommandResult(
        exitCode: process.terminationStatus, stdout: String(decoding: await out, as: UTF8.self),
        stderr: String(decoding: await err, as: UTF8.self))
}

/// Reads a pipe to its end on a dedicated thread.
private func readToEnd(_ handle: FileHandle) async -> Data {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
    }
}
