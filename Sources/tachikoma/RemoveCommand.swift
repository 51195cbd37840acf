import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma rm NAME`: deletes a saved session and its messages.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Delete a saved session and its messages.")

    @Argument(help: "The session's name (case does not matter).")
    var name: String

    func run() throws {
        let store = try SessionStoreAccess.openExisting()
        try SessionStoreAccess.attempt { () throws(SessionStoreError) in try store.deleteSession(named: name) }
        Console.standardOutput.write(TerminalSanitizer.clean("deleted \"\(name)\"\n"))
    }
}
