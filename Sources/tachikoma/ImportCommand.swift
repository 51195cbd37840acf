import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma import FILE`: adds a session exported as JSON by `tachikoma export` (or the chat's
/// `/export`) to the store, as a new session.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add a session from a JSON file made by `tachikoma export`.",
        discussion: "A session of the same name already saved is kept; the import is numbered: \"NAME (2)\".")

    @Argument(help: ArgumentHelp("The .json export to read.", valueName: "file"))
    var file: String

    func run() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandFailure(message: "cannot read \(file): it is a folder; give a .json export", exitCode: 1)
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CommandFailure(message: "cannot read \(file): \(SessionExport.reason(error))", exitCode: 1)
        }
        let archive = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            try SessionArchive.decode(bytes, path: file)
        }
        let store = try SessionStoreAccess.openCreatingIfMissing()
        let session = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            try store.importSession(archive)
        }
        let count = archive.events.count { if case .message = $0 { true } else { false } }
        var line = "imported \"\(session.name)\" (\(count) message\(count == 1 ? "" : "s"))"
        if session.name != archive.name { line += "; \"\(archive.name)\" was taken" }
        Console.standardOutput.write(TerminalSanitizer.clean(line + "\n"))
    }
}
