import ChatEngine
import TachikomaCore
import TerminalText

/// A model `/compare` sends to: on the current server, or on another configured one (`server:model`).
struct CompareTarget: Sendable {
    /// As shown over its answer: the model, or `server:model`.
    var name: String
    var model: String
    /// The configured server it is on; nil for the chat's own.
    var server: String?
    var backend: any Backend
}

extension CompareCommand {
    static let slashCommands: [SlashCommand] = [
        SlashCommand(
            name: "compare", arguments: .shown("MODEL MODEL [MODEL…] | off"),
            summary: "Send each message to several models at once, side by side",
            help: """
                /compare MODEL MODEL [MODEL…] turns compare mode on: each message you send goes to every
                one of the models at once, and their answers stream side by side (in columns when the
                terminal is wide enough, else one after the other with a line of progress), each ending
                with its time to first token, tokens and tokens/s. A model on another configured server
                is written SERVER:MODEL. Every answer is kept as a branch; the conversation goes on with
                the first (/branches, /branch N picks another). Ctrl-C stops them all. /compare off ends
                it; /compare alone says what is compared. Tools are not offered while comparing.
                """,
            complete: { _, _, sources in sources.modelNames() + ["off"] },
            action: { context, command in await CompareCommand.run(command, in: context) }),
    ]
}

/// The models each message goes to at once while `/compare` is on.
///
/// Used by one task at a time, as the session is.
final class CompareMode: @unchecked Sendable {
    /// nil while not comparing.
    var targets: [CompareTarget]?

    init() {}
}

/// `/compare`, and a message sent while it is on.
enum CompareCommand {
    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let words = command.arguments
        if words.isEmpty {
            if let comparing = context.compareMode.targets {
                screen.say("Comparing \(comparing.map { TerminalSanitizer.clean($0.name) }.joined(separator: ", ")); /compare off ends it.")
            } else {
                screen.say("Not comparing. /compare MODEL MODEL sends each message to both at once.")
            }
            return .continue
        }
        if words == ["off"] {
            guard context.compareMode.targets != nil else {
                screen.say("Not comparing: nothing to turn off.")
                return .continue
            }
            context.compareMode.targets = nil
            screen.say("Compare mode off: messages go to \(TerminalSanitizer.clean(context.settings.model)) again.")
            return .continue
        }
        guard words.count >= 2 else {
            screen.say("/compare needs two models or more, e.g. /compare \(TerminalSanitizer.clean(context.settings.model)) OTHER-MODEL.")
            return .continue
        }
        var targets: [CompareTarget] = []
        for word in words {
            switch await target(word, in: context) {
            case .success(let target): targets.append(target)
            case .failure(let problem):
                screen.say(problem.message)
                return .continue
            }
        }
        context.compareMode.targets = targets
        let names = targets.map { TerminalSanitizer.clean($0.name) }.joined(separator: ", ")
        screen.say("Comparing \(names): each message goes to all of them at once; /compare off ends it.")
        return .continue
    }

    private struct CompareProblem: Error {
        var message: String
    }

    /// `word` as a model on this server, or `server:model` on another; checked against the models
    /// the server lists when it lists them.
    private static func target(_ word: String, in context: CommandContext) async -> Result<CompareTarget, CompareProblem> {
        var backend = context.session.backend
        var model = word
        var server: String?
        if let servers = context.servers.choice, let colon = word.firstIndex(of: ":"),
            servers.provider.servers.map(\.name).contains(String(word[..<colon])),
            String(word[..<colon]) != servers.current
        {
            let name = String(word[..<colon])
            do {
                backend = try servers.provider.makeBackend(forServer: name)
            } catch {
                return .failure(CompareProblem(message: TerminalSanitizer.clean("Server \(name): \(Screen.describe(error))")))
            }
            model = String(word[word.index(after: colon)...])
            server = name
        }
        guard !model.isEmpty else {
            return .failure(CompareProblem(message: TerminalSanitizer.clean("'\(word)' names no model; write SERVER:MODEL.")))
        }
        if let lister = backend as? any ModelListing {
            let listed: [ModelSummary]
            do {
                listed = try await lister.listModels()
            } catch {
                return .failure(CompareProblem(message: TerminalSanitizer.clean(Screen.describe(error))))
            }
            let names = listed.map(\.name)
            guard let found = backend.modelNaming.match(model, in: names) else {
                let place = server.map { " on \($0)" } ?? ""
                let hint = Suggestions.closest(to: model, among: names).map { " Did you mean \($0)?" } ?? ""
                return .failure(CompareProblem(message: TerminalSanitizer.clean(
                    "Unknown model '\(model)'\(place).\(hint) /model lists the models there.")))
            }
            model = found
        }
        let name = server.map { "\($0):\(model)" } ?? model
        return .success(CompareTarget(name: name, model: model, server: server, backend: backend))
    }

    /// Sends `text` to every compared model at once and shows their answers as they come; each is
    /// kept as a branch after the message, and the conversation goes on with the first.
    static func send(_ text: String, to targets: [CompareTarget], in context: CommandContext) async {
        let screen = context.screen
        guard let message = await context.composeMessage(text), await context.makeRoom(for: message) else { return }
        context.record(.userMessage(message))
        let question = context.conversation.tree.head
        let sides = targets.map { context.session.branch(model: $0.model, backend: $0.backend) }
        let names = targets.map(\.name)
        let style = screen.style
        let (_, interrupted, _) = await context.work.run { gate in
            var view = CompareView(names: names, output: gate, style: style)
            await Self.stream(sides) { index, event in view.apply(event, to: index) }
            view.finish()
        }
        var first: Int?
        for (index, side) in sides.enumerated() {
            guard let answer = side.conversation.lastAnswer, side.conversation.tree.head != question else { continue }
            context.record(.headMoved(to: question))
            context.record(
                .comparedAnswer(
                    answer.message, model: targets[index].model, server: targets[index].server ?? context.servers.recordedName,
                    usage: answer.usage, interrupted: answer.isInterrupted))
            if first == nil { first = context.conversation.tree.head }
        }
        if let first { context.record(.headMoved(to: first)) }
        if interrupted {
            screen.say("Stopped; what arrived is kept, each answer as a branch (/branches).")
        }
    }

    /// Runs every side's turn at once, handing their events to `apply` one at a time, in the order
    /// they arrive; returns when all have ended (cancelling the calling task ends them all).
    private static func stream(_ sides: [ChatSession], apply: (Int, TurnEvent) -> Void) async {
        let (events, continuation) = AsyncStream<(Int, TurnEvent?)>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            for (index, side) in sides.enumerated() {
                group.addTask {
                    for await event in side.turn(policy: .auto, toolsOn: false) { continuation.yield((index, event)) }
                    continuation.yield((index, nil))
                }
            }
            var running = sides.count
            for await (index, event) in events {
                guard let event else {
                    running -= 1
                    if running == 0 { break }
                    continue
                }
                apply(index, event)
            }
            continuation.finish()
        }
    }
}
