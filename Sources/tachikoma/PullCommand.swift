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
        let puller = try connection.makeBackend().capability((any ModelPulling).self, "pull models")
        let output = Console.standardOutput
        let interrupt = InterruptTrap()
        let model = self.model
        let task = Task {
            var renderer = PullProgressRenderer(isTerminal: output.acceptsEscapeCodes)
            defer { output.write(renderer.finish()) }
            for try await progress in puller.pullModel(model) {
                output.write(renderer.render(progress))
            }
        }
        interrupt.onInterrupt { task.cancel() }
        do {
            try await task.value
        } catch {
            throw CommandFailure.backend(interrupt.fired ? BackendError.cancelled : error)
        }
    }
}
