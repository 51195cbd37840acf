import TachikomaCore
import TerminalText

/// `/model`: the server's models, or a switch to another (pulled on the spot when the server can).
enum ModelCommand {
    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        guard let name = command.arguments.first else {
            await listModels(in: context)
            return .continue
        }
        guard command.arguments.count == 1 else {
            screen.say("/model takes one model name, e.g. /model llama3.2")
            return .continue
        }
        let before = context.settings.model
        await switchModel(to: name, in: context)
        if context.settings.model != before { await ModelAbilityCheck.check(in: context) }
        return .continue
    }

    private static func listModels(in context: CommandContext) async {
        let screen = context.screen
        guard context.modelLister != nil else {
            screen.say("Current model: \(TerminalSanitizer.clean(context.settings.model)) (this backend cannot list its models)")
            return
        }
        do {
            let models = try await context.modelNames.refresh()
            guard !models.isEmpty else {
                screen.say(context.modelPuller != nil ? "The server has no models. /model NAME pulls one, e.g. /model llama3.2" : "The server has no models.")
                return
            }
            screen.say(ModelList.render(models.sorted { $0.name < $1.name }, current: context.settings.model, naming: context.modelNaming, style: screen.style))
        } catch {
            screen.complain(Screen.describe(error))
        }
    }

    static func switchModel(to requested: String, in context: CommandContext) async {
        let screen = context.screen
        guard context.modelLister != nil else {
            adopt(context.modelNaming.canonical(requested), in: context)
            return
        }
        let names: [String]
        do {
            names = try await context.modelNames.refresh().map(\.name)
        } catch {
            screen.warn("could not check the server's models (\(Screen.describe(error))); switching anyway.")
            adopt(context.modelNaming.canonical(requested), in: context)
            return
        }
        if let name = context.modelNaming.match(requested, in: names) {
            adopt(name, in: context)
            return
        }
        if let variant = Suggestions.caseVariant(of: requested, among: names, naming: context.modelNaming) {
            screen.sayMessage(TerminalSanitizer.clean("Model '\(requested)' is not on the server; did you mean \(variant)? Names are case-sensitive."))
            return
        }
        let similar = Suggestions.closest(to: requested, among: names).map { " (did you mean \($0)?)" } ?? ""
        guard context.modelPuller != nil else {
            screen.sayMessage(TerminalSanitizer.clean("Model '\(requested)' is not on the server\(similar); /model lists what is there."))
            return
        }
        let question = TerminalSanitizer.clean("Model '\(requested)' is not on the server\(similar). Pull it? [y/N] ")
        guard case .input(.text(let answer)) = await context.prompt.askKey(question, width: screen.columns()) else {
            screen.say("")
            return
        }
        guard ["y", "yes"].contains(answer.trimmingWhitespace().lowercased()) else {
            screen.say("Staying with \(TerminalSanitizer.clean(context.settings.model)).")
            return
        }
        if await pull(requested, in: context) {
            context.modelNames.remember(requested)
            adopt(context.modelNaming.canonical(requested), in: context)
        }
    }

    /// Makes `name` the model for the next message; the conversation stays.
    private static func adopt(_ name: String, in context: CommandContext) {
        let screen = context.screen
        let wasSame = context.modelNaming.same(name, context.settings.model)
        context.settings.model = name
        let name = TerminalSanitizer.clean(name)
        let count = context.conversation.entries.count
        if wasSame {
            screen.say("Already using \(name).")
        } else if count == 0 {
            screen.say("Switched to \(name).")
        } else {
            screen.say("Switched to \(name); the conversation (\(count) message\(count == 1 ? "" : "s")) goes with it.")
        }
    }

    /// Downloads a model with a progress bar; Ctrl-C stops it. Returns whether it arrived.
    private static func pull(_ name: String, in context: CommandContext) async -> Bool {
        let screen = context.screen
        guard let manager = context.modelPuller else { return false }
        // The bar redraws itself with escape codes; elsewhere each status gets a line.
        let isTerminal = screen.acceptsEscapeCodes
        let stream = manager.pullModel(name)
        let (failure, interrupted, _) = await context.work.run { gate -> String? in
            var bar = PullProgressRenderer(isTerminal: isTerminal)
            do {
                for try await progress in stream {
                    if Task.isCancelled { break }
                    let text = bar.render(progress)
                    if !text.isEmpty { gate.write(text) }
                }
                gate.write(bar.finish())
                return nil
            } catch {
                gate.write(bar.finish())
                return Screen.describe(error)
            }
        }
        if interrupted {
            screen.say("Pull of \(TerminalSanitizer.clean(name)) stopped.")
            return false
        }
        if let failure {
            screen.complain("could not pull \(name): \(failure)")
            return false
        }
        return true
    }
}

/// `/model`'s list: the current model marked, with size and quantization.
enum ModelList {
    /// The server's strings are sanitized before the current model is made bold.
    static func render(_ models: [ModelSummary], current: String, naming: any ModelNaming, style: TerminalStyle) -> String {
        let names = models.map { TerminalSanitizer.clean($0.name) }
        let width = names.map(\.count).max() ?? 0
        return zip(models, names).map { model, name in
            let isCurrent = naming.same(model.name, current)
            let marker = isCurrent ? "* " : "  "
            var facts: [String] = []
            if let size = model.parameterSize, !size.isEmpty { facts.append(size) }
            if let quantization = model.quantization, !quantization.isEmpty { facts.append(quantization) }
            facts.append(HumanReadable.bytes(model.sizeBytes))
            let name = name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            let line = marker + name + TerminalSanitizer.clean(facts.joined(separator: "  "))
            return isCurrent ? style.bold(line) : line
        }.joined(separator: "\n")
    }
}
