import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma export NAME FILE`: a saved session to Markdown (`.md`) or our JSON (`.json`).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a saved session to FILE: Markdown (.md) or JSON (.json).",
        discussion: """
            The JSON is Tachikoma's own format, which `tachikoma import` reads back. An existing FILE \
            is not replaced unless --force is given; the file is written whole or not at all.
            """)

    @Argument(help: "The session's name (case does not matter).")
    var name: String

    @Argument(help: ArgumentHelp("Where to write it, ending in .md or .json.", valueName: "file"))
    var file: String

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    func run() throws {
        // The path's problems first: they need no database.
        _ = try SessionStoreAccess.attempt { () throws(SessionStoreError) in try SessionExport.Format(path: file) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) {
            if isFolder.boolValue {
                throw CommandFailure(message: "cannot write \(file): it is a folder; give a file name", exitCode: 1)
            }
            if !force {
                throw CommandFailure(message: "\(file) already exists; pass --force to replace it", exitCode: 1)
            }
        }
        let store = try SessionStoreAccess.openExisting()
        let transcript = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            try store.loadSession(named: name)
        }
        let parent = SessionStoreAccess.parentName(of: transcript, in: store)
        try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            try SessionExport.write(transcript, to: file, parentName: parent)
        }
        let count = transcript.messages.count
        Console.standardOutput.write(
            TerminalSanitizer.clean(
                "exported \"\(transcript.session.name)\" (\(count) message\(count == 1 ? "" : "s")) to \(file)\n"))
    }
}
