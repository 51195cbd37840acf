import Foundation
import PropertyBased
import Testing
@testable import TachikomaCore

/// Issue 20, point 9: a command tool whose placeholder sits inside a shell's or an interpreter's script
/// is refused when the config is read, with the safe form in the message.
@Suite struct ScriptPlaceholderCheckTests {
    static func config(_ argv: [String], name: String = "echo") -> String {
        let words = argv.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return #"{"command_tools": [{"name": "\#(name)", "description": "Echo text.", "#
            + #""parameters": {"type": "object", "properties": {"text": {"type": "string"}, "n": {"type": "integer"}}}, "#
            + #""argv": [\#(words.joined(separator: ", "))]}]}"#
    }

    static func refusal(_ argv: [String]) -> String? {
        do {
            _ = try TachikomaConfig.parse(config(argv), file: "c.json")
            return nil
        } catch {
            return error.description
        }
    }

    static let refused: [[String]] = [
        ["sh", "-c", "echo {text}"],
        ["/bin/bash", "-ec", "printf '%s' {text}"],
        ["bash", "-e", "-c", "echo '{text}'"],
        ["env", "LC_ALL=C", "bash", "-c", "echo {text}"],
        ["/usr/bin/env", "-i", "-u", "HOME", "zsh", "-c", "echo {text}"],
        ["dash", "-c", "head -n {n} file"],
        ["fish", "-c", "echo {text}"],
        ["python3", "-c", "print('{text}')"],
        ["/usr/bin/python3.12", "-u", "-c", "print({n})"],
        ["node", "-e", "console.log('{text}')"],
        ["nodejs", "--eval", "console.log({n})"],
        ["perl", "-e", "print '{text}'"],
        ["ruby", "-e", "puts '{text}'"],
    ]

    static let accepted: [[String]] = [
        ["sh", "-c", "echo \"$1\"", "sh", "{text}"],
        ["python3", "-c", "import sys; print(sys.argv[1])", "{text}"],
        ["node", "-e", "console.log(process.argv[1])", "{text}"],
        ["grep", "-c", "{text}", "notes.txt"],  // grep's -c counts: no script
        ["bash", "script.sh", "-c", "{text}"],  // -c is the script's own argument
        ["echo", "{text}"],
    ]

    @Test(arguments: refused) func aPlaceholderInsideAScriptIsRefused(argv: [String]) throws {
        let message = try #require(Self.refusal(argv), "\(argv) was accepted")
        #expect(message.contains("command_tools[0].argv["))
        #expect(message.contains("(tool \"echo\")"))
        #expect(message.contains("would run as code"))
        #expect(!message.contains("\n"))
    }

    @Test(arguments: accepted) func valuesPassedAsArgumentsAreAccepted(argv: [String]) {
        #expect(Self.refusal(argv) == nil)
    }

    /// The safe form the message offers is accepted as written, and run by `sh` it prints the model's text
    /// instead of running it.
    @Test func theSuggestedShellFormIsAcceptedAndRunsNoInjectedCommand() throws {
        let message = try #require(Self.refusal(["sh", "-c", "echo {text}"]))
        let suggested = try #require(message.range(of: "pass values as arguments: ").map { String(message[$0.upperBound...]) })
        #expect(suggested == #"["sh", "-c", "echo \"$1\"", "sh", "{text}"]"#)
        let data = try #require(suggested.data(using: .utf8))
        let argv = try #require(JSONSerialization.jsonObject(with: data) as? [String])
        #expect(Self.refusal(argv) == nil)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tk-inject-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let injected = "hi; touch FILE"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = Array(argv.dropFirst()).map { $0 == "{text}" ? injected : $0 }
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed == injected + "\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("FILE").path))
    }

    @Test func twoPlaceholdersBecomeNumberedArgumentsInOrder() throws {
        let message = try #require(Self.refusal(["bash", "-c", "head -n {n} {text} | wc {text}"]))
        #expect(message.hasSuffix(#"["bash", "-c", "head -n \"$1\" \"$2\" | wc \"$2\"", "bash", "{n}", "{text}"]"#))
    }

    @Test func anInterpreterGetsTheArgumentAdvice() throws {
        let message = try #require(Self.refusal(["python3", "-c", "print('{text}')"]))
        #expect(message.contains("sys.argv[1]"))
    }

    /// Any shell, named plainly, by path or behind env, with any text around the placeholder: refused;
    /// the same value moved after the script: accepted.
    @Test func everyShellSpellingIsCaught() async {
        let shells = ["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash"]
        let prefixes = ["", "/bin/", "/usr/local/bin/"]
        let texts = ["echo ", "x=", "ls -l ", "'", "\"", "$(", "; ", ""]
        let cases = Generator<(String, String, String, Bool), Shrink.None<(String, String, String, Bool)>>(run: { rng in
            (prefixes[Int.random(in: 0..<prefixes.count, using: &rng)] + shells[Int.random(in: 0..<shells.count, using: &rng)],
             texts[Int.random(in: 0..<texts.count, using: &rng)], texts[Int.random(in: 0..<texts.count, using: &rng)],
             Bool.random(using: &rng))
        })
        await propertyCheck(count: 300, input: cases) { item in
            let (shell, before, after, throughEnv) = item
            let head = throughEnv ? ["env", "A=1", shell] : [shell]
            #expect(Self.refusal(head + ["-c", before + "{text}" + after]) != nil, "\(head) -c \(before){text}\(after)")
            #expect(Self.refusal(head + ["-c", before + "\"$1\"" + after, "sh", "{text}"]) == nil)
        }
    }
}
