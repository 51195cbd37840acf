import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma history NAME`: one saved conversation, as text or as the JSON export.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a saved session: roles, models, setting changes; thinking folded.",
        discussion: """
            Shows the session's current branch, your messages numbered as /edit N takes them; --all shows \
            every branch. With --json, prints the session in the format `tachikoma export NAME FILE.json` \
            writes (every branch).
            """)

    @Argument(help: "The session's name (case does not matter).")
    var name: String

    @Flag(help: "Print JSON for scripts (the export format, thinking included).")
    var json = false

    @Flag(help: "Show every branch, not only the current one.")
    var all = false

    func run() throws {
        let store = try SessionStoreAccess.openExisting()
        let transcript = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            try store.loadSession(named: name)
        }
        let parentName = SessionStoreAccess.parentName(of: transcript, in: store)
        if json {
            let data = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
                try SessionExport.data(transcript, format: .json, parentName: parentName)
            }
            Console.standardOutput.write(JSONOutput.escapingC1(String(decoding: data, as: UTF8.self)) + "\n")
        } else {
            // Every word of it is stored text, most of it a model's.
            let text = all ? BranchListing.tree(transcript) : TranscriptText.render(transcript, parentName: parentName)
            Console.standardOutput.write(TerminalSanitizer.clean(text))
        }
    }
}
