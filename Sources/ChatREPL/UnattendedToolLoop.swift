import TachikomaCore

/// The tool loop without a person: `tachikoma run --tools`. Calls needing confirmation are refused
/// unless the setup approves them (`--yes`); everything else is as in the chat.
public enum UnattendedToolLoop {
    /// Sends `request` through `answer` (which streams and prints one answer and returns it whole),
    /// runs the tools it calls and sends their results back, until the model answers in text or the
    /// round limit is reached. `notice` gets one line per call, result and problem, unsanitized.
    public static func run(
        _ request: CompletionRequest, backend: any Backend, catalog: ToolCatalog,
        answer: (CompletionRequest) async throws -> CompletionResponse, notice: (String) -> Void
    ) async throws -> CompletionResponse {
        for problem in await catalog.load() { notice("warning: \(problem.description)") }
        var request = request
        request.tools = catalog.offeredDefinitions
        if !request.tools.isEmpty, let describer = backend as? any ModelDescribing, let model = request.model,
            let details = try? await describer.modelDetails(model), !details.mayHave(.tools)
        {
            notice("\(model) cannot call tools; answering without them.")
            request.tools = []
        }
        let runner = ToolCallRunner(catalog: catalog, confirm: nil)
        var round = 0
        while true {
            try Task.checkCancellation()
            let response = try await answer(request)
            guard !response.toolCalls.isEmpty else { return response }
            request.messages.append(.assistant(response.content, thinking: response.thinking, toolCalls: response.toolCalls))
            // Calls to tools not offered (none, or the rounds are over) end the run with what there is.
            if request.tools.isEmpty { return response }
            guard round < catalog.setup.rounds else {
                let reason = "the limit of \(catalog.setup.rounds) tool rounds (tool_rounds) is reached; answer with what you have"
                for call in response.toolCalls {
                    request.messages.append(.tool("error: \(call.name) was not run: \(reason)", name: call.name, callID: call.id))
                }
                notice("warning: the model kept calling tools: stopped after \(catalog.setup.rounds) rounds (tool_rounds).")
                request.tools = []
                continue
            }
            round += 1
            for call in response.toolCalls {
                notice(ChatREPL.describeCall(call, width: nil))
                let outcome = await runner.run(call)
                try Task.checkCancellation()
                if let line = outcome.notice { notice("warning: \(line)") }
                if outcome.succeeded { notice(ChatREPL.describeResult(outcome.content, width: nil)) }
                request.messages.append(outcome.message)
            }
        }
    }
}
