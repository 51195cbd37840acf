import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma version`: this client's version and the server's.
struct VersionCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Show the client's and the server's versions.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let (client, _) = try connection.makeClient(for: "version")
        let serverVersion: String
        do {
            serverVersion = try await client.version()
        } catch {
            if !json { Console.standardOutput.write("tachikoma version \(TachikomaVersion.current)\n") }
            throw CommandFailure.backend(error)
        }
        if json {
            let object: JSONValue = [
                "client": .string(TachikomaVersion.current), "server": .string(serverVersion),
                "host": .string(client.config.baseURL),
            ]
            Console.standardOutput.write(try JSONOutput.render(object))
        } else {
            Console.standardOutput.write(
                "tachikoma version \(TachikomaVersion.current)\nollama server version \(TerminalSanitizer.clean(serverVersion)) at \(client.config.baseURL)\n")
        }
    }
}
