import Foundation
import TachikomaCore

/// What came of one tool call: the `tool` message for the model and, when something went wrong or
/// was cut, one line for the user.
public struct ToolCallOutcome: Sendable, Hashable {
    public var call: ToolCall
    /// The text the model reads: the result, or `error: …` explaining why there is none.
    public var content: String
    /// One line for the person, unsanitized (the caller sanitizes); nil when all went well.
    public var notice: String?
    /// The call ran and gave a result (perhaps cut).
    public var succeeded: Bool
    /// Ctrl-C or end of input: the rest of the round is not run either.
    public var stopsRound: Bool

    /// The `tool` message answering the call.
    public var message: Message { .tool(content, name: call.name, callID: call.id) }

    public static func failure(_ call: ToolCall, _ error: ToolError, stopsRound: Bool = false) -> ToolCallOutcome {
        ToolCallOutcome(
            call: call, content: "error: \(error.description)", notice: error.description, succeeded: false,
            stopsRound: stopsRound)
    }
}

/// Runs the calls a model asks for, through one path for every tool: look the tool up, check the
/// arguments against its schema, ask where its policy says so, run it (cancelled with the calling
/// task), cut a result that is too long. Every failure becomes an outcome, never a thrown error.
public struct ToolCallRunner: Sendable {
    let catalog: ToolCatalog
    /// Asks a person whether to run a call (tool name, what it will do); nil when nobody can answer.
    let confirm: (@Sendable (_ tool: String, _ preview: String) async -> ToolConfirmation)?

    public init(
        catalog: ToolCatalog, confirm: (@Sendable (_ tool: String, _ preview: String) async -> ToolConfirmation)?
    ) {
        self.catalog = catalog
        self.confirm = confirm
    }

    /// A call checked, and confirmed where its policy says so: ready to execute, or already answered.
    public enum Preparation: Sendable {
        case ready(any Tool, ToolCall)
        case answered(ToolCallOutcome)
    }

    /// One call, start to end.
    public func run(_ call: ToolCall) async -> ToolCallOutcome {
        switch await prepare(call) {
        case .answered(let outcome): return outcome
        case .ready(let tool, let call): return await execute(tool, call)
        }
    }

    /// Looks the tool up, checks the arguments and asks where the policy says so; nothing runs yet.
    public func prepare(_ call: ToolCall) async -> Preparation {
        guard let tool = catalog.tool(named: call.name), catalog.policy(for: tool) != .off else {
            return .answered(.failure(call, .unknownTool(call.name)))
        }
        let preview: String
        do throws(ToolError) {
            preview = try tool.preview(call.arguments)
        } catch {
            return .answered(.failure(call, error))
        }
        guard catalog.needsConfirmation(tool) else { return .ready(tool, call) }
        guard let confirm else {
            if catalog.setup.unattended == .approve { return .ready(tool, call) }
            return .answered(.failure(
                call, .refused(tool: call.name, reason: "it needs confirmation and nobody can confirm here (tachikoma run --yes allows it)")))
        }
        switch await confirm(call.name, preview) {
        case .yes: return .ready(tool, call)
        case .always:
            catalog.allowAlways(call.name)
            return .ready(tool, call)
        case .no: return .answered(.failure(call, .refused(tool: call.name, reason: "the user declined")))
        case .cancel: return .answered(.failure(call, .cancelled(tool: call.name), stopsRound: true))
        }
    }

    /// Runs a prepared call; cancelling the calling task stops waiting at once.
    public func execute(_ tool: any Tool, _ call: ToolCall) async -> ToolCallOutcome {
        if Task.isCancelled { return .failure(call, .cancelled(tool: call.name), stopsRound: true) }
        switch await Self.runAbandoningOnCancel(tool, call.arguments) {
        case .success(let text):
            if Task.isCancelled { return .failure(call, .cancelled(tool: call.name), stopsRound: true) }
            return cut(text, call)
        case .failure(.cancelled(let name)):
            return .failure(call, .cancelled(tool: name), stopsRound: true)
        case .failure(let error):
            return .failure(call, error)
        }
    }

    /// A result over the limit keeps its start, and says how much there was.
    private func cut(_ text: String, _ call: ToolCall) -> ToolCallOutcome {
        let limit = catalog.setup.maximumResultCharacters
        guard text.count > limit else {
            return ToolCallOutcome(call: call, content: text, notice: nil, succeeded: true, stopsRound: false)
        }
        let note = "the result was cut to its first \(limit) of \(text.count) characters"
        return ToolCallOutcome(
            call: call, content: String(text.prefix(limit)) + "\n[\(note)]", notice: "\(call.name): \(note)",
            succeeded: true, stopsRound: false)
    }

    /// Runs the tool in a task of its own and stops waiting the moment the caller is cancelled, so a
    /// tool that is slow to notice cancellation never holds the prompt; it is cancelled too.
    static func runAbandoningOnCancel(_ tool: any Tool, _ arguments: JSONValue) async -> Result<String, ToolError> {
        let name = tool.definition.name
        let outcome = OneShot<Result<String, ToolError>>()
        let task = Task {
            do throws(ToolError) {
                outcome.fire(.success(try await tool.run(arguments)))
            } catch {
                outcome.fire(.failure(error))
            }
        }
        return await withTaskCancellationHandler {
            // A result that came before the cancellation still counts.
            await outcome.wait() ?? .failure(.cancelled(tool: name))
        } onCancel: {
            task.cancel()
        }
    }
}
