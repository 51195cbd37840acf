import Foundation
import OllamaTestSupport
import Testing

/// What `run` and `list` do when their output cannot be written.
@Suite struct OutputErrorTests {
    /// `run` with a prompt, and the chat reading its message from a pipe.
    static let readersThatLeave: [(arguments: [String], stdin: String?)] = [
        (["run", "llama3.1:8b", "say a lot"], nil),
        (["chat"], "say a lot\n"),
    ]

    @Test(arguments: readersThatLeave)
    func aReaderThatLeavesStopsTheRequest(arguments: [String], stdin: String?) async throws {
        var script = ServerScript()
        script.reply.content = .repeated(token: "word ", count: 100_000)
        script.reply.tokenDelay = .milliseconds(20)
        try await ScriptedOllamaServer.withRunning(script) { server in
            let home = ScratchHome()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BuiltProducts.tachikoma)
            process.arguments = arguments + ["--host", server.baseURL]
            process.environment = home.environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            let input = Pipe()
            process.standardInput = stdin == nil ? FileHandle.nullDevice : input
            try process.run()
            if let stdin {
                input.fileHandleForWriting.write(Data(stdin.utf8))
                try input.fileHandleForWriting.close()
            }
            defer { if process.isRunning { process.terminate() } }
            // As `| head -c 5` does: read five bytes, then close the pipe.
            let reader = output.fileHandleForReading
            let firstBytes = await onOwnThread { (try? reader.read(upToCount: 5)) ?? Data() }
            #expect(firstBytes == Data("word ".utf8))
            try output.fileHandleForReading.close()
            #expect(await server.waitForClientDisconnects(1, timeout: .seconds(90)), "the server went on generating for nobody")
            let status = try await waitForExit(process)
            #expect(status == 141, "a closed stdout ends quietly with 128+SIGPIPE, not \(status)")
        }
    }

    @Test func runIntoAFullDeviceSaysSoAndExits1() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await runWithStdout(
                "/dev/full", ["run", "--host", server.baseURL, "llama3.1:8b", "hello"])
            #expect(result.status == 1)
            #expect(result.stderr == "Error: could not write to standard output: No space left on device\n")
        }
    }

    @Test func listIntoAFullDeviceSaysSoAndExits1() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let result = try await runWithStdout("/dev/full", ["list", "--host", server.baseURL])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("Error: could not write to standard output"))
        }
    }

    /// Runs tachikoma with stdout going to `path`; returns the exit status and stderr.
    func runWithStdout(_ path: String, _ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let home = ScratchHome()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.tachikoma)
        process.arguments = arguments
        process.environment = home.environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let errors = Pipe()
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let reader = errors.fileHandleForReading
        let stderr = await onOwnThread { reader.readDataToEndOfFile() }
        let status = try await waitForExit(process)
        return (status, String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a blocking read on a thread of its own: on the cooperative pool (two threads here) it
    /// would starve the in-process server.
    func onOwnThread(_ read: @escaping @Sendable () -> Data) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: read()) }.start()
        }
    }

    func waitForExit(_ process: Process, timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
        return process.terminationStatus
    }
}
