import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore

/// `tachikoma pull MODEL`: download a model, with a live progress bar on a terminal.
struct PullCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Download a model from the registry through the server.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The model, e.g. llama3.1:8b.")
    var model: String

    func run() async throws {
        let chosen = try connection.makeBackend()
        // Only a backend whose server can download models is a `ModelPulling` (not an
        // OpenAI-compatible one): one line, saying where the model must be added instead.
        let puller = try chosen.capability(
            (any ModelPulling).self, "pull models; it serves the models it was started with, so add '\(self.model)' there")
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
