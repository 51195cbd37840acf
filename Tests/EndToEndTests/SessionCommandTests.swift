import Foundation
import Testing
import TachikomaCore

/// `tachikoma sessions`, `history`, `search`, `export`, `import`, `rm` and `diff`, run as scripts
/// run them, against a database seeded as the chat leaves it.
@Suite struct SessionCommandTests {
    /// Error output is one line, naming what it is about.
    static func expectOneLine(_ result: CommandResult, exitCode: Int32, mentioning words: [String]) {
        #expect(result.exitCode == exitCode, "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)")
        for word in words { #expect(result.stderr.contains(word), "stderr: \(result.stderr)") }
    }

    @Test func sessionsListsTheNewestFirstAsATableOrJSON() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let table = try await home.run(["sessions"])
            #expect(table.exitCode == 0)
            let lines = table.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("NAME ") && lines[0].contains("MODELS") && lines[0].hasSuffix("LAST USED"))
            #expect(lines[1].hasPrefix("sky on mistral ") && lines[1].contains(" mistral:7b "))
            #expect(lines[2].hasPrefix("sky ") && lines[2].contains(" llama3.1:8b, qwen3:4b "))

            let json = try await home.run(["sessions", "--json"])
            #expect(json.exitCode == 0)
            guard case .array(let rows) = try JSONTextParser.parse(json.stdout) else {
                Issue.record("not an array: \(json.stdout)")
                return
            }
            #expect(rows.compactMap { $0.objectValue?["name"]?.stringValue } == ["sky on mistral", "sky"])
            #expect(rows.last?.objectValue?["messages"] == .number(4))
        }
    }

    /// An alias such as `tk='tachikoma --host gpu-box'` works for the commands that only read the store.
    @Test func leadingConnectionOptionsAreDroppedForStoreCommands() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let plain = try await home.run(["sessions"])
            let aliased = try await home.run(["--host", "http://127.0.0.1:9", "--server=gpu", "sessions"])
            #expect(aliased.exitCode == 0, "stderr: \(aliased.stderr)")
            #expect(aliased.stdout == plain.stdout)
            let history = try await home.run(["--config", "/nonexistent/config.json", "history", "sky"])
            #expect(history.exitCode == 0, "stderr: \(history.stderr)")
            #expect(history.stdout.contains(">>> why is the sky blue?"))
            // After the command's name they are still refused: there they are a mistake.
            let misplaced = try await home.run(["sessions", "--host", "x"])
            #expect(misplaced.exitCode == 2)
            #expect(misplaced.stderr.hasPrefix("Error: Unknown option '--host'"), "stderr: \(misplaced.stderr)")
        }
    }

    @Test func withNothingSavedTheCommandsSaySoAndMakeNoDatabase() async throws {
        try await withSessionHome { home in
            let sessions = try await home.run(["sessions"])
            #expect(sessions.exitCode == 0)
            #expect(sessions.stdout == "NAME    MODELS    MESSAGES    LAST USED\n")
            #expect(try await home.run(["sessions", "--json"]).stdout == "[]\n")
            let search = try await home.run(["search", "sky"])
            #expect(search.exitCode == 0)
            #expect(search.stdout == "No message contains \"sky\".\n")
            Self.expectOneLine(try await home.run(["history", "sky"]), exitCode: 1, mentioning: ["\"sky\"", "tachikoma sessions"])
            Self.expectOneLine(try await home.run(["rm", "sky"]), exitCode: 1, mentioning: ["\"sky\""])
            #expect(!FileManager.default.fileExists(atPath: home.databasePath))
        }
    }

    @Test func historyShowsTheConversationWithThinkingFoldedInAnyCase() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let result = try await home.run(["history", "SKY"])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.hasPrefix("sky\ncreated "))
            #expect(result.stdout.contains("· Model: llama3.1:8b\n"))
            #expect(result.stdout.contains(">>> why is the sky blue?\n"))
            #expect(result.stdout.contains("llama3.1:8b · 298 tokens · 63.4 tokens/s\n[thinking folded: 3 words]\n"))
            #expect(!result.stdout.contains("secret musings"))
            #expect(result.stdout.contains("· Model: qwen3:4b\n"))
            #expect(result.stdout.contains("qwen3:4b\nLonger pa\n[interrupted]\n"))

            let json = try await home.run(["history", "sky", "--json"])
            #expect(json.exitCode == 0)
            let document = try JSONTextParser.parse(json.stdout).objectValue
            #expect(document?["format"] == .string("tachikoma-session"))
            #expect(json.stdout.contains("secret musings"))

            Self.expectOneLine(try await home.run(["history", "rain"]), exitCode: 1, mentioning: ["\"rain\""])
            let replay = try await home.run(["history", "sky on mistral"])
            #expect(replay.stdout.contains(", 4 messages, a replay of \"sky\"\n"))
        }
    }

    @Test func searchFindsMessagesNewestFirstWithTheirSession() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let result = try await home.run(["search", "sunset"])
            #expect(result.exitCode == 0)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines[0].hasSuffix("  sky on mistral  (user)"))
            #expect(lines[1] == "    and at sunset?")
            #expect(lines[2].hasSuffix("  sky  (user)"))

            let json = try await home.run(["search", "Blue", "molecules", "--json"])
            guard case .array(let hits) = try JSONTextParser.parse(json.stdout) else {
                Issue.record("not an array: \(json.stdout)")
                return
            }
            #expect(hits.count == 1)
            #expect(hits.first?.objectValue?["session"] == .string("sky on mistral"))
            #expect(hits.first?.objectValue?["model"] == .string("mistral:7b"))

            let nothing = try await home.run(["search", "volcano"])
            #expect(nothing.exitCode == 0)
            #expect(nothing.stdout == "No message contains \"volcano\".\n")
            #expect(try await home.run(["search", " "]).exitCode == 2)
        }
    }

    @Test func exportThenImportGivesTheSameSession() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let before = try await home.run(["history", "sky"])
            let file = try home.home.file("sky.json")
            let export = try await home.run(["export", "Sky", file])
            #expect(export.exitCode == 0, "stderr: \(export.stderr)")
            #expect(export.stdout == "exported \"sky\" (4 messages) to \(file)\n")

            #expect(try await home.run(["rm", "sky"]).stdout == "deleted \"sky\"\n")
            Self.expectOneLine(try await home.run(["rm", "sky"]), exitCode: 1, mentioning: ["\"sky\""])
            let imported = try await home.run(["import", file])
            #expect(imported.exitCode == 0, "stderr: \(imported.stderr)")
            #expect(imported.stdout == "imported \"sky\" (4 messages)\n")
            #expect(try await home.run(["history", "sky"]).stdout == before.stdout)

            // A second import keeps the first and is numbered.
            let again = try await home.run(["import", file])
            #expect(again.stdout == "imported \"sky (2)\" (4 messages); \"sky\" was taken\n")

            let markdown = try home.home.file("sky.md")
            #expect(try await home.run(["export", "sky", markdown]).exitCode == 0)
            let text = try String(contentsOfFile: markdown, encoding: .utf8)
            #expect(text.hasPrefix("# sky\n"))
            #expect(text.contains("## Assistant (llama3.1:8b)"))
        }
    }

    @Test func exportRefusesBadPathsAndKeepsExistingFiles() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            Self.expectOneLine(
                try await home.run(["export", "sky", try home.home.file("sky.txt")]), exitCode: 2, mentioning: [".md", ".json"])
            let folder = try home.home.file("folder.json")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            Self.expectOneLine(try await home.run(["export", "sky", folder]), exitCode: 1, mentioning: [folder, "folder"])
            let nowhere = home.home.path + "/missing/sky.json"
            Self.expectOneLine(
                try await home.run(["export", "sky", nowhere]), exitCode: 1, mentioning: [nowhere, "No such file"])

            let existing = try home.home.file("notes.md")
            try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: existing))
            Self.expectOneLine(try await home.run(["export", "sky", existing]), exitCode: 1, mentioning: [existing, "--force"])
            #expect(try String(contentsOfFile: existing, encoding: .utf8) == "my notes\n")
            #expect(try await home.run(["export", "sky", existing, "--force"]).exitCode == 0)
            #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("# sky\n"))

            Self.expectOneLine(
                try await home.run(["export", "rain", try home.home.file("rain.md")]), exitCode: 1, mentioning: ["\"rain\""])
            #expect(!FileManager.default.fileExists(atPath: home.home.path + "/rain.md"))
        }
    }

    @Test func importRefusesAnythingButOurJSON() async throws {
        try await withSessionHome { home in
            let cases: [(name: String, contents: String?, problem: String)] = [
                ("missing.json", nil, "No such file or directory"),
                ("notes.md", "# just notes\n", "not a JSON object"),
                ("other.json", #"{"messages": []}"#, "\"format\""),
                ("future.json", #"{"format": "tachikoma-session", "version": 9}"#, "newer"),
                ("broken.json", #"{"format": "tachikoma-session", "version": 1, "session": {}}"#, "session.name"),
            ]
            for item in cases {
                let path = try home.home.file(item.name)
                if let contents = item.contents { try Data(contents.utf8).write(to: URL(fileURLWithPath: path)) }
                Self.expectOneLine(try await home.run(["import", path]), exitCode: 1, mentioning: [path, item.problem])
            }
            let folder = try home.home.file("a-folder")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            Self.expectOneLine(try await home.run(["import", folder]), exitCode: 1, mentioning: [folder, "folder"])
            #expect(try await home.run(["import"]).exitCode == 2)
        }
    }

    @Test func diffShowsBothAnswersSideBySideOrStacked() async throws {
        try await withSessionHome { home in
            try home.seedSample()
            let wide = try await home.run(["diff", "sky", "sky on mistral"], environment: ["COLUMNS": "100"])
            #expect(wide.exitCode == 0, "stderr: \(wide.stderr)")
            let lines = wide.stdout.split(separator: "\n").map(String.init)
            #expect(lines.allSatisfy { TextColumns.width(of: $0) < 100 })
            #expect(lines[0].hasPrefix("A: sky ") && lines[0].hasSuffix("│ B: sky on mistral"))
            #expect(lines.contains("Turn 1") && lines.contains("Turn 2"))
            #expect(lines.contains(">>> why is the sky blue?"))
            #expect(lines.contains { $0.hasPrefix("llama3.1:8b ") && $0.hasSuffix("│ mistral:7b") })
            #expect(lines.contains { $0.hasPrefix("298 tokens · 63.4 tokens/s ") && $0.hasSuffix("│ 40 tokens · 80.0 tokens/s") })
            #expect(lines.contains { $0.hasPrefix("[interrupted] ") })
            #expect(!wide.stdout.contains("secret musings"))

            let narrow = try await home.run(["diff", "sky", "SKY ON MISTRAL"], environment: ["COLUMNS": "40"])
            #expect(narrow.exitCode == 0)
            #expect(!narrow.stdout.contains("│"))
            #expect(narrow.stdout.contains("\nB · mistral:7b · 40 tokens · 80.0\ntokens/s\n"))

            Self.expectOneLine(try await home.run(["diff", "sky", "rain"]), exitCode: 1, mentioning: ["\"rain\""])
        }
    }

    @Test func storedEscapeSequencesNeverReachTheTerminal() async throws {
        try await withSessionHome { home in
            let store = try home.store()
            let session = try store.createSession(NewSession(name: "hostile", firstUserText: "hi"))
            _ = try store.appendMessage(.user("hi"), to: session.id)
            _ = try store.appendMessage(
                .assistant("clear\u{1B}[2J title\u{1B}]0;pwned\u{07} c1\u{9B}31m done"), to: session.id, model: "evil\u{1B}[31m")
            for arguments in [["history", "hostile"], ["sessions"], ["search", "done"], ["diff", "hostile", "hostile"]] {
                let result = try await home.run(arguments)
                #expect(result.exitCode == 0)
                #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{9B}"), "\(arguments)")
                #expect(result.stdout.contains("done") || arguments == ["sessions"])
            }
        }
    }
}
