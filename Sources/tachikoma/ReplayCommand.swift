import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore

/// `tachikoma replay NAME --model A [--model B…]`: a saved session's messages sent again to other models.
struct ReplayCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send a saved session's messages again, one by one, to other models.",
        discussion: """
            Each of the session's messages goes to the model in order, with the system prompt and \
            settings it was first sent with. The answers stream as in the chat and are saved as a new \
            session linked to the original, one per model; `tachikoma diff` compares them.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The saved session to replay (see `tachikoma sessions`).", valueName: "NAME"))
    var name: String

    @Option(name: [.short, .long], help: "A model to replay with; repeat for several, replayed in turn.")
    var model: [String] = []

    func validate() throws {
        if model.isEmpty { throw ValidationError("name a model to replay with: --model MODEL") }
    }

    func run() async throws {
        let chosen = try connection.makeBackend(model: model[0])
        let (backend, config) = (chosen.backend, chosen.config)
        let lister = try chosen.capability((any ModelListing).self, "list its models")
        let store = try SessionStoreAccess.openExisting()
        let transcript = try SessionReference.named(name).load(from: store)
        // A missing model is said before anything is sent, in the command line's words.
        let installed: [String]
        do {
            installed = try await lister.listModels().map(\.name)
        } catch {
            throw CommandFailure.backend(error)
        }
        for model in model where backend.modelNaming.match(model, in: installed) == nil {
            throw CommandFailure(message: "model '\(model)' is not on the server; tachikoma pull \(model) fetches it", exitCode: 1)
        }
        let repl = ChatREPL(
            backend: backend, settings: ChatLauncher.settings(model: model[0], config: config), saving: .store(store),
            input: NoChatInput())
        for (index, model) in model.enumerated() {
            if self.model.count > 1 { Console.standardOutput.write((index > 0 ? "\n" : "") + "# \(model)\n") }
            let finished = await repl.replay(transcript, with: model)
            if let failure = repl.outputFailure { throw CommandFailure.output(failure) }
            if !finished { throw ExitCode(1) }
        }
    }
}
