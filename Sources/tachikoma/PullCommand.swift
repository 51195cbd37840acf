import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore

/// `tachikoma pull MODEL`: download a model, with a live progress bar on a terminal.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Download a model from the registry through the server.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The model, e.g. llama3.1:8b.")
    var model: String

    func run() async throws {
        let (client, _) = try connection.makeClient()
        let output = Console.standardOutput
        var renderer = PullProgressRenderer(isTerminal: output.isTerminal)
        let interrupt = InterruptTrap()
        let task = Task {
            for try await progress in client.pull(model: model) {
                output.write(renderer.render(progress))
            }
            output.write(renderer.finish())
        }
        interrupt.onInterrupt { task.cancel() }
        do {
            try await task.value
        } catch {
            output.write(renderer.finish())
            throw CommandFailure.backend(interrupt.fired ? BackendError.cancelled : error)
        }
    }
}
