import TachikomaCore
import TerminalText

extension ChatREPL {
    func modelCommand(_ command: ParsedCommand) async -> CommandOutcome {
        guard let name = command.arguments.first else {
            await listModels()
            return .continue
        }
        guard command.arguments.count == 1 else {
            say("/model takes one model name, e.g. /model llama3.2")
            return .continue
        }
        await switchModel(to: name)
        return .continue
    }

    private func listModels() async {
        guard modelLister != nil else {
            say("Current model: \(TerminalSanitizer.clean(settings.model)) (this backend cannot list its models)")
            return
        }
        do {
            let models = try await modelNames.refresh()
            guard !models.isEmpty else {
                say(modelPuller != nil ? "The server has no models. /model NAME pulls one, e.g. /model llama3.2" : "The server has no models.")
                return
            }
            say(ModelList.render(models.sorted { $0.name < $1.name }, current: settings.model, naming: modelNaming, style: style))
        } catch {
            complain(Self.describe(error))
        }
    }

    func switchModel(to requested: String) async {
        guard modelLister != nil else {
            adopt(requested)
            return
        }
        let names: [String]
        do {
            names = try await modelNames.refresh().map(\.name)
        } catch {
            warn("could not check the server's models (\(Self.describe(error))); switching anyway.")
            adopt(requested)
            return
        }
        if let name = modelNaming.match(requested, in: names) {
            adopt(name)
            return
        }
        if let variant = Suggestions.caseVariant(of: requested, among: names, naming: modelNaming) {
            sayMessage(TerminalSanitizer.clean("Model '\(requested)' is not on the server; did you mean \(variant)? Names are case-sensitive."))
            return
        }
        let similar = Suggestions.closest(to: requested, among: names).map { " (did you mean \($0)?)" } ?? ""
        guard modelPuller != nil else {
            sayMessage(TerminalSanitizer.clean("Model '\(requested)' is not on the server\(similar); /model lists what is there."))
            return
        }
        let question = TerminalSanitizer.clean("Model '\(requested)' is not on the server\(similar). Pull it? [y/N] ")
        guard case .input(.text(let answer)) = await reader.read(prompt: question, continuationPrompt: "") else {
            say("")
            return
        }
        guard ["y", "yes"].contains(answer.trimmingWhitespace().lowercased()) else {
            say("Staying with \(TerminalSanitizer.clean(settings.model)).")
            return
        }
        if await pull(requested) {
            modelNames.remember(requested)
            adopt(requested)
        }
    }

    /// Makes `name` the model for the next message; the conversation stays.
    private func adopt(_ name: String) {
        let wasSame = modelNaming.same(name, settings.model)
        settings.model = name
        let name = TerminalSanitizer.clean(name)
        let count = conversation.entries.count
        if wasSame {
            say("Already using \(name).")
        } else if count == 0 {
            say("Switched to \(name).")
        } else {
            say("Switched to \(name); the conversation (\(count) message\(count == 1 ? "" : "s")) goes with it.")
        }
    }

    /// Downloads a model with a progress bar; Ctrl-C stops it. Returns whether it arrived.
    private func pull(_ name: String) async -> Bool {
        guard let manager = modelPuller else { return false }
        // The bar redraws itself with escape codes; elsewhere each status gets a line.
        let isTerminal = output.acceptsEscapeCodes
        let stream = manager.pullModel(name)
        let (failure, interrupted, _) = await runInterruptibly { gate -> String? in
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
                return Self.describe(error)
            }
        }
        if interrupted {
            say("Pull of \(TerminalSanitizer.clean(name)) stopped.")
            return false
        }
        if let failure {
            complain("could not pull \(name): \(failure)")
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
