import ArgumentParser
import Foundation
import Testing

@testable import tachikoma

/// The docs cannot drift from the program: every command line they show is parsed by the same
/// argument parser the binary uses, and their links lead somewhere.
@Suite struct DocumentedCommandLineTests {
    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// README.md, BENCHMARKS.md and every Markdown file under docs/.
    static func documents() throws -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return [root.appendingPathComponent("README.md"), root.appendingPathComponent("BENCHMARKS.md")]
            + names.map { docs.appendingPathComponent($0) }
    }

    /// A line in a fenced code block that starts with `tachikoma `, with its file and line number.
    struct ShownCommand: CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var description: String { "\(file):\(line): \(text)" }
    }

    /// Every `tachikoma …` line inside ``` fences; a line ending in `\` goes on on the next.
    static func shownCommands(in url: URL) throws -> [ShownCommand] {
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var commands: [ShownCommand] = []
        var inFence = false
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                inFence.toggle()
            } else if inFence, trimmed == "tachikoma" || trimmed.hasPrefix("tachikoma ") {
                var text = trimmed
                let first = index
                while text.hasSuffix("\\"), index + 1 < lines.count {
                    index += 1
                    text = String(text.dropLast()) + " " + lines[index].trimmingCharacters(in: .whitespaces)
                }
                commands.append(ShownCommand(file: url.lastPathComponent, line: first + 1, text: text))
            }
            index += 1
        }
        return commands
    }

    @Test func everyShownCommandLineParses() throws {
        let commands = try Self.documents().flatMap(Self.shownCommands)
        // The README's tour alone shows ten; fewer means the scan lost them, not that all parse.
        #expect(commands.count >= 30, "found only \(commands.count) command lines")
        var failures: [String] = []
        for command in commands {
            let words = ShellWords(command.text).words
            #expect(words.first == "tachikoma")
            do {
                _ = try Tachikoma.parseAsRoot(EntryPoint.arguments(Array(words.dropFirst())))
            } catch where Tachikoma.exitCode(for: error) == .success {
                // --help, --version and --generate-completion-script end the parse by printing.
            } catch {
                failures.append("\(command) — \(Tachikoma.message(for: error))")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The parse above can fail: a misspelt option and a missing argument are refused.
    @Test func aWrongLineIsRefused() {
        #expect(throws: (any Error).self) { try Tachikoma.parseAsRoot(["run", "llama3.1:8b", "hi", "--no-such-flag"]) }
        #expect(throws: (any Error).self) { try Tachikoma.parseAsRoot(["export", "only-a-name"]) }
        #expect(throws: (any Error).self) { try Tachikoma.parseAsRoot(["--config", "x", "list"]) }
        #expect(throws: (any Error).self) { try Tachikoma.parseAsRoot(["run", "m", "x", "--keepalive", "5 minutes"]) }
    }

    @Test func shellWordsSplitAsAShellWould() {
        #expect(ShellWords(#"tachikoma run m "Why is the sky blue?"  # a comment"#).words == ["tachikoma", "run", "m", "Why is the sky blue?"])
        #expect(ShellWords(#"tachikoma history 'a b' --all | less"#).words == ["tachikoma", "history", "a b", "--all"])
        #expect(ShellWords(#"tachikoma run m a\ b > out.txt"#).words == ["tachikoma", "run", "m", "a b"])
        #expect(ShellWords(#"tachikoma search "" x"#).words == ["tachikoma", "search", "", "x"])
    }

    @Test func theReadmeIsAFewScreens() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.count <= 12_000, "README.md has \(readme.count) characters; move detail into docs/")
        #expect(readme.contains("make chat") && readme.contains("make test"))
    }

    /// Every relative link in the docs names a file that exists (links to other sites are not checked).
    @Test func relativeLinksLeadToFiles() throws {
        var broken: [String] = []
        for url in try Self.documents() {
            let text = try String(contentsOf: url, encoding: .utf8)
            let folder = url.deletingLastPathComponent()
            for match in text.matches(of: /\]\(([^)#\s]+)(#[^)]*)?\)/) {
                let target = String(match.output.1)
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path) {
                    broken.append("\(url.lastPathComponent): \(target)")
                }
            }
        }
        #expect(broken.isEmpty, "\(broken)")
    }
}
