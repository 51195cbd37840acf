import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// `make install` and `make uninstall` as their scripts do them (scripts/stage.sh, scripts/install.sh),
/// with the binaries this build made: the tree, the completions the argument parser writes, the
/// chat reaching its MCP helper through a symbolic link from another folder, and an uninstall that
/// leaves exactly what was there before.
@Suite struct InstallTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Every file and folder under `folder`, relative to it, sorted.
    static func tree(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func installPutsTheTreeInPlaceAndUninstallTakesExactlyItAway() async throws {
        let scratch = ScratchHome()
        defer { scratch.remove() }
        let stage = scratch.path + "/stage", prefix = scratch.path + "/prefix"
        // The prefix already holds someone else's files in a folder install also uses.
        try FileManager.default.createDirectory(atPath: prefix + "/share/man", withIntermediateDirectories: true)
        try "not ours".write(toFile: prefix + "/share/man/other.txt", atomically: true, encoding: .utf8)
        let before = Self.tree(prefix)

        let staged = try await runCommand(Self.root + "/scripts/stage.sh", [BuiltProducts.directory.path, stage])
        #expect(staged.exitCode == 0, "\(staged.stderr)")
        let installed = try await runCommand(Self.root + "/scripts/install.sh", ["install", stage, prefix])
        #expect(installed.exitCode == 0, "\(installed.stderr)")

        let files = [
            "bin/tachikoma", "bin/tachikoma-mcp", "share/bash-completion/completions/tachikoma",
            "share/zsh/site-functions/_tachikoma", "share/fish/vendor_completions.d/tachikoma.fish",
            "share/doc/tachikoma/config.example.json", "share/doc/tachikoma/config.servers.example.json",
            "share/doc/tachikoma/LICENSE", "share/tachikoma/install-manifest",
        ]
        for file in files { #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) missing") }
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/tachikoma"))
        let manifest = try String(contentsOfFile: prefix + "/share/tachikoma/install-manifest", encoding: .utf8)
        #expect(Set(manifest.split(separator: "\n").filter { $0.hasPrefix("f ") }.map { String($0.dropFirst(2)) }) == Set(files))
        #expect(!manifest.contains("d share/man\n") && !manifest.contains("other.txt"), "a folder or file that was there is not install's")

        // Completions from the argument parser: the subcommands are offered.
        let bash = try String(contentsOfFile: prefix + "/share/bash-completion/completions/tachikoma", encoding: .utf8)
        #expect(bash.contains("complete ") && bash.contains("sessions"))
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_tachikoma", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef tachikoma") && zsh.contains("sessions"))
        let fish = try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/tachikoma.fish", encoding: .utf8)
        #expect(fish.contains("complete -c 'tachikoma'") && fish.contains("sessions"))

        try await Self.expectMCPToolsThroughALink(to: prefix + "/bin/tachikoma", scratch: scratch)

        let removed = try await runCommand(Self.root + "/scripts/install.sh", ["uninstall", prefix])
        #expect(removed.exitCode == 0, "\(removed.stderr)")
        #expect(Self.tree(prefix) == before)
        let again = try await runCommand(Self.root + "/scripts/install.sh", ["uninstall", prefix])
        #expect(again.exitCode == 1 && again.stderr.contains("nothing to uninstall"))

        // A prefix the install made is taken away with the rest.
        let fresh = scratch.path + "/fresh"
        #expect(try await runCommand(Self.root + "/scripts/install.sh", ["install", stage, fresh]).exitCode == 0)
        #expect(try await runCommand(Self.root + "/scripts/install.sh", ["uninstall", fresh]).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    /// `tachikoma` started through a link in a folder without the helper calls an MCP server's tool:
    /// it found `tachikoma-mcp` beside its real file.
    static func expectMCPToolsThroughALink(to installed: String, scratch: ScratchHome) async throws {
        let elsewhere = scratch.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: elsewhere + "/tachikoma", withDestinationPath: installed)
        let testServer = BuiltProducts.directory.appendingPathComponent("mcp-test-server").path
        let config = #"{"connect_timeout": 60, "tools": true, "mcp_servers": {"test": {"command": ""# + testServer + #""}}}"#
        try config.write(toFile: scratch.path + "/config/tachikoma/config.json", atomically: true, encoding: .utf8)
        let calls = [ScriptedToolCall(name: "echo", arguments: ["text": "through the link"])]
        try await ScriptedOllamaServer.withRunning(ServerScript(reply: ScriptedReply(content: .tokens([]), toolCalls: calls))) { server in
            var environment = scratch.environment
            environment["PATH"] = elsewhere + ":/usr/bin:/bin"
            environment["TACHIKOMA_MCP_HELPER"] = ""
            let result = try await runCommand(
                elsewhere + "/tachikoma", ["run", "llama3.1:8b", "echo it", "--tools", "--yes", "--host", server.baseURL],
                environment: environment)
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Tool results: through the link"), "stdout: \(result.stdout) stderr: \(result.stderr)")
        }
    }
}
