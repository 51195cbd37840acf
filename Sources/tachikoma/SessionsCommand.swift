import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma sessions`: the saved conversations, the most recently used first.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List the saved sessions: name, models, messages, last used.")

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() throws {
        let store = try SessionStoreAccess.openExisting()
        let summaries = try SessionStoreAccess.attempt { () throws(SessionStoreError) in try store.listSessions() }
        if json {
            Console.standardOutput.write(try JSONOutput.render(SessionListing.json(summaries)))
        } else {
            // Names and model names are stored text: cleaned before the columns are measured.
            Console.standardOutput.write(SessionListing.table(summaries, clean: TerminalSanitizer.clean))
        }
    }
}
