import TachikomaCore
import TerminalText

/// The servers a chat can switch between, and the one it is on.
public struct ServerChoice: Sendable {
    /// Builds the backend for each server; the executable's wiring, or a double in tests.
    public var provider: any BackendProviding
    /// The current server's name, one of `provider.servers`.
    public var current: String

    public init(provider: any BackendProviding, current: String) {
        self.provider = provider
        self.current = current
    }
}

extension ServerCommand {
    /// `/server`, listed after `/model`.
    static let slashCommands: [SlashCommand] = [
        SlashCommand(
            name: "server", arguments: .optional("NAME"),
            summary: "List the servers, or switch to NAME keeping the conversation",
            help: """
                /server lists the servers of the config file's "servers" and marks the current one.
                /server NAME switches to NAME; the conversation stays, and the next message sends the
                whole of it there. The model stays when NAME has it, else NAME's default or first
                model is chosen and said. A server that does not answer is not switched to. Values
                set with /set that NAME does not take are kept for a server that does, and named.
                """,
            complete: { previous, _, sources in previous.isEmpty ? sources.serverNames() : [] },
            action: { context, command in await ServerCommand.run(command, in: context) })
    ]
}

/// The servers `/server` switches between and the one the chat is on, and how long a server is
/// waited for; no choice when the chat has only the backend it was given.
///
/// Used by one task at a time, as the session is.
final class ServerSelection: @unchecked Sendable {
    var choice: ServerChoice?
    /// The longest a server is waited for before the chat gives up on it (the connect timeout).
    let timeout: Duration

    init(_ choice: ServerChoice?, timeout: Duration) {
        self.choice = choice
        self.timeout = timeout
    }

    /// The server saved with each answer: the current one's name when there is a choice of servers;
    /// with one, sessions read as they always have.
    var recordedName: String? {
        guard let choice, choice.provider.servers.count > 1 else { return nil }
        return choice.current
    }
}

/// `/server`.
enum ServerCommand {
    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        guard let servers = context.servers.choice else {
            screen.say("This chat has one server; name more under \"servers\" in the config file to switch between them.")
            return .continue
        }
        guard let name = command.arguments.first else {
            screen.say(ServerList.render(servers.provider.servers, current: servers.current, style: screen.style))
            return .continue
        }
        guard command.arguments.count == 1 else {
            screen.say("/server takes one server name, e.g. /server \(servers.provider.servers.first?.name ?? "NAME")")
            return .continue
        }
        await switchServer(to: name, in: servers, context: context)
        return .continue
    }

    /// Moves the chat to server `name` when it answers: the conversation goes with it, and the
    /// model stays when the server has it, else becomes the server's default or first one.
    private static func switchServer(to name: String, in servers: ServerChoice, context: CommandContext) async {
        let screen = context.screen
        let timeout = context.servers.timeout
        let names = servers.provider.servers.map(\.name)
        guard names.contains(name) else {
            let hint = Suggestions.closest(to: name, among: names).map { "Did you mean \($0)? " } ?? ""
            screen.say(TerminalSanitizer.clean("Unknown server '\(name)'. \(hint)Servers: \(names.joined(separator: ", "))."))
            return
        }
        guard name != servers.current else {
            screen.say("Already on \(name).")
            return
        }
        let candidate: any Backend
        do {
            candidate = try servers.provider.makeBackend(forServer: name)
        } catch {
            screen.complain("cannot use server \(name); staying on \(servers.current). (\(Screen.describe(error)))")
            return
        }
        let model = context.settings.model
        let outcome = await Deadline.run(within: timeout) { () async throws -> ModelChoice in
            _ = try await candidate.healthCheck()
            return await ModelChoice.on(candidate, keeping: model, namedBy: context.session.backend.modelNaming)
        }
        let choice: ModelChoice
        switch outcome {
        case .finished(let chosen): choice = chosen
        case .failed(let error):
            // What happened first, then the backend's detail, which may be long and wrap.
            screen.complain("server \(name) does not answer; staying on \(servers.current). (\(Screen.describe(error)))")
            return
        case .timedOut:
            screen.complain("server \(name) has not answered within \(Deadline.describe(timeout)); staying on \(servers.current).")
            return
        case .cancelled:
            screen.say("Staying on \(servers.current).")
            return
        }
        context.session.backend = candidate
        context.servers.choice?.current = name
        context.modelNames.switchBackend(
            candidate as? any ModelListing, showTopics: candidate.modelTopics, parameters: candidate.requestParameters)
        context.contextWindow.forget()
        if let chosen = choice.model, chosen != context.settings.model { context.settings.model = chosen }
        let count = context.conversation.entries.count
        let carried = count == 0 ? "" : "; the conversation (\(count) message\(count == 1 ? "" : "s")) goes with it"
        let current = TerminalSanitizer.clean(context.settings.model)
        switch choice.reason {
        case .kept, .unlisted:
            screen.sayMessage("Switched to \(name) with \(current)\(carried).")
        case .replaced:
            screen.sayMessage("Switched to \(name)\(carried); it has no \(TerminalSanitizer.clean(model)), so the model is now \(current).")
        case .noModels:
            screen.sayMessage("Switched to \(name)\(carried); it lists no models, so \(current) is kept and may not answer.")
        }
        // Set values the new server does not take stay set, for a server that does; said once here.
        if let note = context.carryOver.unsentParameterNote(on: candidate.requestParameters) { screen.sayMessage(note) }
        context.carryOver.rememberParameters(of: candidate.requestParameters)
    }
}

/// Which model a chat uses after moving to another server, and why.
struct ModelChoice: Sendable {
    enum Reason: Sendable { case kept, replaced, noModels, unlisted }
    /// The server's spelling of the model to use; nil keeps the current one as it is.
    var model: String?
    var reason: Reason

    /// Keeps `model` when `backend` has it, by its own naming rule or by the rule of the server the
    /// name came from (`beta:latest` on Ollama is `beta` on a server without tags); else its default
    /// model when listed, else the first it lists (Ollama lists the most recently changed first).
    static func on(_ backend: any Backend, keeping model: String, namedBy previous: any ModelNaming) async -> ModelChoice {
        guard let lister = backend as? any ModelListing, let names = try? await lister.listModels().map(\.name) else {
            return ModelChoice(model: nil, reason: .unlisted)
        }
        if let same = backend.modelNaming.match(model, in: names) ?? names.first(where: { previous.same(model, $0) }) {
            return ModelChoice(model: same, reason: .kept)
        }
        if let preferred = try? await backend.info().defaultModel, let listed = backend.modelNaming.match(preferred, in: names) {
            return ModelChoice(model: listed, reason: .replaced)
        }
        guard let first = names.first else { return ModelChoice(model: nil, reason: .noModels) }
        return ModelChoice(model: first, reason: .replaced)
    }
}

/// `/server`'s list: the current server marked, with its kind and URL.
enum ServerList {
    static func render(_ servers: [ServerListing], current: String, style: TerminalStyle) -> String {
        let names = servers.map { TerminalSanitizer.clean($0.name) }
        let width = names.map(\.count).max() ?? 0
        let kindWidth = servers.map(\.kind.count).max() ?? 0
        return zip(servers, names).map { server, name in
            let isCurrent = server.name == current
            let line = (isCurrent ? "* " : "  ") + name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + server.kind.padding(toLength: kindWidth + 2, withPad: " ", startingAt: 0) + TerminalSanitizer.clean(server.url)
            return isCurrent ? style.bold(line) : line
        }.joined(separator: "\n")
    }
}
