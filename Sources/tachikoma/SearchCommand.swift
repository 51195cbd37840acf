import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma search TEXT`: messages of every session that contain all the words, newest first.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find messages containing all the given words, in every session.")

    @Argument(help: "The words to look for (whole words, any case).")
    var words: [String]

    @Option(help: "Show at most this many messages.")
    var limit = 50

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        if words.joined().trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("give the words to search for, e.g. tachikoma search sky blue")
        }
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() throws {
        let store = try SessionStoreAccess.openExisting()
        let text = words.joined(separator: " ")
        let hits = try SessionStoreAccess.attempt { () throws(SessionStoreError) in try store.search(text, limit: limit) }
        if json {
            Console.standardOutput.write(try JSONOutput.render(SearchResultsText.json(hits)))
        } else if hits.isEmpty {
            Console.standardOutput.write(TerminalSanitizer.clean("No message contains \"\(text)\".\n"))
        } else {
            Console.standardOutput.write(TerminalSanitizer.clean(SearchResultsText.render(hits)))
        }
    }
}
