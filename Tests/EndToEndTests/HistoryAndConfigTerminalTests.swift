import Foundation
import OllamaTestSupport
import Testing

/// Config ranges and input history, as a person meets them: from the command line and in the chat.
@Suite struct HistoryAndConfigTerminalTests {
    /// A temporary directory holding a config file; removed by `remove()`.
    struct Workspace {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("tk-history-\(UUID())").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        func writeConfig(_ json: String) throws -> String {
            let file = path + "/config.json"
            try json.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    func startChat(_ server: String, config: String) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: BuiltProducts.tachikoma, arguments: ["--host", server, "--config", config])
    }

    /// Sends a line at the prompt and waits for `reply`.
    func enter(_ line: String, in chat: PseudoTerminal, expecting reply: String) async throws {
        try await chat.waitForPrompt()
        let mark = chat.mark
        chat.send(line + "\r")
        try await chat.waitFor(reply, since: mark)
    }

    @Test(arguments: [
        (#"{"request_timeout": 1e300}"#, #""request_timeout" is 1e+300, out of range; it must be a number from 0.001 to 86400 (seconds)"#),
        (#"{"num_ctx": -5}"#, #""num_ctx" is -5, out of range; it must be a whole number from 128 to 16777216 (tokens)"#),
        (#"{"keep_alive": 1e300}"#, #""keep_alive" is 1e+300, out of range"#),
        (#"{"options": {"temperature": 2.5}}"#, #""options.temperature" is 2.5, out of range; it must be a number from 0 to 2"#),
        (#"{"options": {"temperature": 1e999}}"#, "1:29: invalid JSON: the number 1e999 is too large"),
        (#"{"options": {"seed": 9223372036854775808}}"#, #""options.seed" is 9.223372036854776e+18, out of range"#),
        (#"{"history_size": 1.5}"#, #""history_size" is 1.5, out of range; it must be a whole number from 0 to 1000000 (entries)"#),
    ])
    func anOutOfRangeConfigValueIsOneLineAndExit2(json: String, expected: String) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let file = try workspace.writeConfig(json)
        let result = try await runCommand(BuiltProducts.tachikoma, ["list", "--config", file])
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("Error: \(file)"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test func nohistoryKeepsTheRestOfTheSessionOutOfTheHistoryFile() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let history = workspace.path + "/state/history"
        let config = try workspace.writeConfig("{\"history_file\": \"\(history)\"}")
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL, config: config)
            try await enter("kept line", in: chat, expecting: "You said: kept line")
            try await enter("/set nohistory", in: chat, expecting: "Input history is off")
            try await enter("secret line", in: chat, expecting: "You said: secret line")
            try await enter("/set history", in: chat, expecting: "Input history is on.")
            try await enter("later line", in: chat, expecting: "You said: later line")
            try await chat.waitForPrompt()
            chat.send("/bye\r")
            #expect(try await chat.waitForExit() == 0)
        }
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == ["kept line", "/set nohistory", "later line", "/bye"])
    }

    /// `OLLAMA_NOHISTORY` set starts the chat as `/set nohistory` would, as `ollama run` does;
    /// `/set history` turns it back on.
    @Test func ollamaNoHistoryStartsWithInputHistoryOff() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let history = workspace.path + "/state/history"
        let config = try workspace.writeConfig("{\"history_file\": \"\(history)\"}")
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL, "--config", config],
                environment: ["OLLAMA_NOHISTORY": "1"])
            try await enter("secret line", in: chat, expecting: "You said: secret line")
            try await enter("/set history", in: chat, expecting: "Input history is on.")
            try await enter("later line", in: chat, expecting: "You said: later line")
            try await chat.waitForPrompt()
            chat.send("/bye\r")
            #expect(try await chat.waitForExit() == 0)
        }
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == ["later line", "/bye"])
    }

    @Test func aHistoryFileThatIsADirectoryIsWarnedAboutOnce() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let config = try workspace.writeConfig("{\"history_file\": \"\(workspace.path)\"}")
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL, config: config)
            try await enter("/set verbose", in: chat, expecting: "Set 'verbose' mode.")
            try await enter("/set quiet", in: chat, expecting: "Set 'quiet' mode.")
            try await enter("/set verbose", in: chat, expecting: "Set 'verbose' mode.")
            // Warnings break between words at the terminal's width: read them as one text.
            let screen = chat.visibleText.replacingOccurrences(of: "\n", with: " ")
            #expect(screen.components(separatedBy: "warning: history file").count == 2, "\(chat.visibleText)")
            #expect(screen.contains("warning: history file \(workspace.path): it is a directory"))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func aWriteFailureMidSessionIsWarnedAboutOnce() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let directory = workspace.path + "/state"
        let config = try workspace.writeConfig("{\"history_file\": \"\(directory)/history\"}")
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try startChat(server.baseURL, config: config)
            try await enter("/set verbose", in: chat, expecting: "Set 'verbose' mode.")
            #expect(FileManager.default.fileExists(atPath: directory + "/history"))
            // The directory becomes a file: every later write fails.
            try FileManager.default.removeItem(atPath: directory)
            try "not a directory".write(toFile: directory, atomically: true, encoding: .utf8)
            try await enter("/set quiet", in: chat, expecting: "Set 'quiet' mode.")
            try await enter("/set verbose", in: chat, expecting: "Set 'verbose' mode.")
            try await enter("/set quiet", in: chat, expecting: "Set 'quiet' mode.")
            // Warnings break between words at the terminal's width: read them as one text.
            let screen = chat.visibleText.replacingOccurrences(of: "\n", with: " ")
            #expect(screen.components(separatedBy: "warning: history file").count == 2, "\(chat.visibleText)")
            #expect(screen.contains("could not open it for writing"))
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }
}
