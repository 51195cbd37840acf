import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma branches NAME`: a saved conversation's branches, as `/branches` lists them.
struct BranchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branches",
        abstract: "List a saved session's branches (made by /undo, /edit and /retry).",
        discussion: """
            One line a branch: its number, where it leaves the branch it came from, how many messages it \
            has and its last user message; the current one is marked. `tachikoma --resume NAME` continues \
            the current branch; /branch N in the chat switches.
            """)

    @Argument(help: "The session's name (case does not matter).")
    var name: String

    @Flag(help: "Print a JSON list, one object per branch.")
    var json = false

    func run() throws {
        let store = try SessionStoreAccess.openExisting()
        let transcript = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            try store.loadSession(named: name)
        }
        let rows = BranchListing.rows(transcript)
        if json {
            Console.standardOutput.write(try JSONOutput.render(rows))
        } else if rows.isEmpty {
            Console.standardOutput.write("\(TerminalSanitizer.clean(transcript.session.name)) has no messages.\n")
        } else {
            let lines = BranchListing.lines(rows, width: Console.standardOutput.columns())
            Console.standardOutput.write(lines.map(TerminalSanitizer.clean).joined(separator: "\n") + "\n")
        }
    }
}
