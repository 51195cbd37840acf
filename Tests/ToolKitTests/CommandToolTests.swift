import Foundation
import TachikomaCore
import Testing
@testable import ToolKit

@Suite struct CommandToolTests {
    init() { brokenPipesIgnored }

    static func tool(
        _ argv: [String], properties: JSONValue = ["text": ["type": "string"]], required: [JSONValue] = [],
        input: CommandToolConfig.Input = .none, timeout: Double = 90, maxOutput: Int = 65_536, cwd: String? = nil
    ) -> CommandTool {
        CommandTool(CommandToolConfig(
            name: "t", description: "test", parameters: ["type": "object", "properties": properties, "required": .array(required)],
            argv: argv.map(ArgvTemplateElement.init(parsing:)), input: input, workingDirectory: cwd, timeout: timeout,
            maxOutput: maxOutput))
    }

    /// Quotes, `;`, `$(…)`, backquotes, globs and newlines reach the program as one literal argv element:
    /// printf prints one bracketed line per element, and the command substitution never ran.
    @Test func anArgumentIsOneLiteralArgvElementNeverAShell() async throws {
        try await withScratchFolder { folder in
            let marker = folder.appendingPathComponent("pwned").path
            let hostile = "it's \"quoted\"; touch \(marker) $(touch \(marker)) `touch \(marker)` * && |\nsecond line"
            let tool = Self.tool(["printf", "[%s]\\n", "{text}", "x{text}y"])
            let output = try await tool.run(["text": .string(hostile)])
            #expect(output == "[\(hostile)]\n[x\(hostile)y]\n")
            #expect(!FileManager.default.fileExists(atPath: marker), "something ran the argument as shell code")
        }
    }

    @Test func aListFillsAWholeElementItemByItemAndAMissingArgumentDropsItsElement() async throws {
        let tool = Self.tool(
            ["printf", "[%s]", "--limit={n}", "{files}"],
            properties: ["n": ["type": "integer"], "files": ["type": "array", "items": ["type": "string"]]])
        #expect(try await tool.run(["files": ["a b", "c"]]) == "[a b][c]")
        #expect(try await tool.run(["files": ["a"], "n": 3]) == "[--limit=3][a]")
        #expect(try tool.preview(["files": ["a b", "it's"], "n": 3]) == #"printf '[%s]' --limit=3 'a b' 'it'\''s'"#)
    }

    @Test func argumentsThatDoNotFitTheSchemaRunNothing() async throws {
        let tool = Self.tool(["printf", "%s", "{text}"], required: ["text"])
        await #expect(throws: ToolError.invalidArguments(tool: "t", reason: "'text' is required")) { try await tool.run([:]) }
        await #expect(throws: ToolError.invalidArguments(tool: "t", reason: "'text' must be a string, not a number")) {
            try await tool.run(["text": 5])
        }
        await #expect(throws: ToolError.invalidArguments(tool: "t", reason: "expected a JSON object, got a string")) {
            try await tool.run("text")
        }
    }

    @Test func objectsBecomeJSONAndANULIsRefused() async throws {
        let tool = Self.tool(["printf", "[%s]", "{text}", "{options}"], properties: ["text": ["type": "string"], "options": ["type": "object"]])
        #expect(try await tool.run(["text": "a", "options": ["k": [1, 2.5, true]]]) == #"[a][{"k":[1,2.5,true]}]"#)
        await #expect(throws: ToolError.invalidArguments(tool: "t", reason: "'text' contains a NUL character, which no program argument can hold")) {
            try await tool.run(["text": "a\u{0}b"])
        }
    }

    @Test func stdinJSONCarriesTheArguments() async throws {
        let tool = Self.tool(["cat"], properties: ["text": ["type": "string"], "n": ["type": "number"]], input: .json)
        let output = try await tool.run(["text": "a \"b\"", "n": 2])
        #expect(output == #"{"n":2,"text":"a \"b\""}"# + "\n")
        #expect(try tool.preview(["text": "x"]) == #"cat  <<< {"text":"x"}"#)
    }

    @Test func aNonZeroExitFailsWithTheStatusAndTheEndOfStandardError() async throws {
        let tool = Self.tool(["sh", "-c", "echo partial; echo first >&2; echo 'no such thing' >&2; exit 3"])
        await #expect(throws: ToolError.failed(tool: "t", message: "exited with status 3: first / no such thing")) {
            try await tool.run([:])
        }
    }

    @Test func aMissingProgramOrFolderIsOneLine() async throws {
        await #expect(throws: ToolError.failed(tool: "t", message: "cannot run no-such-program-here: not found in PATH")) {
            try await Self.tool(["no-such-program-here"]).run([:])
        }
        let inMissingFolder = Self.tool(["ls"], cwd: "/no/such/folder")
        await #expect(throws: ToolError.self) { try await inMissingFolder.run([:]) }
    }

    /// `yes` never stops on its own: the limit cuts the output and stops the program.
    @Test func outputOverTheLimitIsCutWithANoteAndTheProgramStopped() async throws {
        let output = try await Self.tool(["yes", "0123456789"], maxOutput: 1_000).run([:])
        let note = "\n[output cut at 1000 bytes (max_output); the command was stopped]"
        #expect(output.hasSuffix(note))
        #expect(output.utf8.count == 1_000 + note.utf8.count)
        #expect(output.hasPrefix("0123456789\n0123456789\n"))
    }

    /// The timeout stops the whole process group: the shell and the `sleep` it left in the background.
    @Test func aTimeoutStopsTheProgramAndEverythingItStarted() async throws {
        try await withScratchFolder { folder in
            let pids = folder.appendingPathComponent("pids")
            let tool = Self.tool(["sh", "-c", "sleep 300 & echo $! > \(pids.path); wait"], timeout: 3)
            await #expect(throws: ToolError.timedOut(tool: "t", seconds: 3)) { try await tool.run([:]) }
            let child = try #require(await ProcessProbe.pid(in: pids))
            #expect(await ProcessProbe.isGone(child), "the background sleep \(child) outlived the timeout")
        }
    }

    @Test func cancellingTheCallTerminatesTheProgram() async throws {
        try await withScratchFolder { folder in
            let pidFile = folder.appendingPathComponent("pid")
            let tool = Self.tool(["sh", "-c", "echo $$ > \(pidFile.path); exec sleep 300"])
            let call = Task { try await tool.run([:]) }
            let pid = try #require(await ProcessProbe.pid(in: pidFile))
            #expect(ProcessProbe.isRunning(pid))
            call.cancel()
            await #expect(throws: ToolError.cancelled(tool: "t")) { try await call.value }
            #expect(await ProcessProbe.isGone(pid))
        }
    }

    @Test func theToolDescribesItselfForTheModelAndTheUser() throws {
        let tool = Self.tool(["grep", "-n", "{text}", "/tmp/a file"], cwd: "/tmp")
        #expect(tool.definition.name == "t")
        #expect(tool.source == .command)
        #expect(tool.defaultPolicy == .ask)
        #expect(try tool.preview(["text": "a;b"]) == "grep -n 'a;b' '/tmp/a file'  (in /tmp)")
    }
}
