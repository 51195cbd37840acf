import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma diff NAME OTHER`: two sessions' answers side by side, turn by turn, to compare
/// models (a session and its replay, typically).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show two sessions' answers side by side, turn by turn.",
        discussion: """
            Each user turn is followed by both answers, each with its model, tokens and tokens/s. \
            The columns fit the terminal; when it is narrower than 60 columns the answers are \
            stacked. Without a terminal the width is $COLUMNS, else 80.
            """)

    @Argument(help: "The first session (column A).")
    var name: String

    @Argument(help: "The second session (column B).")
    var other: String

    func run() throws {
        let store = try SessionStoreAccess.openExisting()
        let (left, right) = try SessionStoreAccess.attempt { () throws(SessionStoreError) in
            (try store.loadSession(named: name), try store.loadSession(named: other))
        }
        let width =
            Console.standardOutput.columns()
            ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 80
        let text = ComparisonLayout.render(
            SessionComparison(left, right), width: width, clean: TerminalSanitizer.clean)
        Console.standardOutput.write(TerminalSanitizer.clean(text))
    }
}
