import Foundation
import TachikomaCore

/// Sends a scripted answer the OpenAI way: streamed as Server-Sent Events or whole, paced, cut by
/// `max_tokens`, with tool calls in fragments, or failing as scripted.
struct OpenAIReplyStreamer {
    let state: SharedServerState
    let response: ResponseChannel
    let modelName: String
    let reply: ScriptedReply
    let settings: ScriptedOpenAI
    let plan: TokenPlan
    let sendToolCalls: Bool
    let maxTokens: Int
    let promptTokens: Int
    let includeUsage: Bool

    static let batchSize = 64 * 1024

    private var completionID: String { "chatcmpl-tachikoma\(promptTokens)" }
    private static let created = 1_729_418_400

    /// How many tokens go out, and the failure or finish reason after them.
    private func plannedEnding() -> (Int, StreamFailure?, String) {
        let total = plan.count
        let cut = maxTokens > 0 ? min(maxTokens, total) : total
        if let failure = reply.failure, failure.afterTokens <= cut { return (max(0, failure.afterTokens), failure, "") }
        if maxTokens > 0, maxTokens < total { return (maxTokens, nil, "length") }
        let callsTools = sendToolCalls && !reply.toolCalls.isEmpty
        return (total, nil, callsTools ? "tool_calls" : (reply.doneReason == "length" ? "length" : "stop"))
    }

    func stream() async throws -> Bool {
        let encoder = OpenAIChunkEncoder(
            model: modelName, completionID: completionID, created: Self.created, includeUsage: includeUsage,
            lineEnd: settings.lineEnd, reasoningField: settings.reasoningField)
        let paced = reply.tokenDelay > .zero
        let cycleEscaped = plan.contentCycle?.map(ChunkEncoder.escaped) ?? []
        let (limit, failure, finishReason) = plannedEnding()
        var batch: [UInt8] = []
        batch.reserveCapacity(Self.batchSize + 4096)
        var chunks = 0
        do {
            try await response.startStream(contentType: ContentType.eventStream)
            if settings.keepAliveEvery > 0 { encoder.appendKeepAlive(to: &batch) }
            encoder.appendRole(to: &batch)
            for index in 0..<limit {
                if index == reply.holdAfterTokens {
                    if !batch.isEmpty { try await response.send(batch) }
                    batch.removeAll(keepingCapacity: true)
                    await state.waitUntilHeldStreamsReleased(orClosed: response.channel.closeFuture)
                    try Task.checkCancellation()
                }
                if paced { try await Task.sleep(for: reply.tokenDelay) }
                let token = plan.token(at: index)
                let contentIndex = index - plan.thinking.count
                let escaped = !token.isThinking && !cycleEscaped.isEmpty
                    ? cycleEscaped[contentIndex % cycleEscaped.count] : ChunkEncoder.escaped(token.text)
                encoder.appendToken(escaped, thinking: token.isThinking, to: &batch)
                chunks += 1
                if settings.keepAliveEvery > 0, chunks % settings.keepAliveEvery == 0 { encoder.appendKeepAlive(to: &batch) }
                if paced || batch.count >= Self.batchSize {
                    try await response.send(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if let failure {
                return try await response.end(with: failure, pending: batch, state: state) { message in
                    var line: [UInt8] = []
                    encoder.appendError(message, to: &line)
                    return line
                }
            }
            if finishReason == "tool_calls" {
                for (callIndex, call) in reply.toolCalls.enumerated() {
                    let pieces = Self.pieces(of: OpenAIChunkEncoder.argumentsText(call.arguments), count: settings.toolArgumentPieces)
                    encoder.appendToolCallFragment(
                        index: callIndex, id: "call_scripted_\(callIndex)", name: call.name, arguments: "", to: &batch)
                    for piece in pieces {
                        if paced {
                            try await response.send(batch)
                            batch.removeAll(keepingCapacity: true)
                            try await Task.sleep(for: reply.tokenDelay)
                        }
                        encoder.appendToolCallFragment(index: callIndex, id: nil, name: nil, arguments: piece, to: &batch)
                    }
                }
            }
            encoder.appendFinish(reason: finishReason, to: &batch)
            encoder.appendUsage(promptTokens: promptTokens, completionTokens: limit, to: &batch)
            if settings.sendsDone { encoder.appendDone(to: &batch) }
            try await response.finish(batch)
            return true
        } catch is CancellationError {
            return false
        } catch {
            state.withLock { $0.clientDisconnects += 1 }
            return false
        }
    }

    /// `stream: false`: one `chat.completion` object.
    func answerWhole() async throws -> Bool {
        let (limit, failure, finishReason) = plannedEnding()
        var content = ""
        var thinking = ""
        for index in 0..<limit {
            if reply.tokenDelay > .zero { try await Task.sleep(for: reply.tokenDelay) }
            let token = plan.token(at: index)
            if token.isThinking { thinking += token.text } else { content += token.text }
        }
        switch failure {
        case .errorLine(_, let message):
            try await response.sendFull(
                status: 500, contentType: ContentType.json,
                body: OpenAIErrorBody.json(message: message, type: "server_error", code: nil))
            return true
        case .disconnect:
            await response.abort()
            return false
        case .stall:
            await response.waitUntilClosed()
            state.withLock { $0.clientDisconnects += 1 }
            return false
        case .endWithoutDone, nil:
            break
        }
        var message: [(String, OrderedJSON)] = [("role", .string("assistant")), ("content", .string(content))]
        if !thinking.isEmpty { message.append((settings.reasoningField, .string(thinking))) }
        if finishReason == "tool_calls" {
            message.append(("tool_calls", .array(reply.toolCalls.enumerated().map { index, call in
                .object([
                    ("id", .string("call_scripted_\(index)")), ("type", .string("function")),
                    ("function", .object([
                        ("name", .string(call.name)), ("arguments", .string(OpenAIChunkEncoder.argumentsText(call.arguments))),
                    ])),
                ])
            })))
        }
        try await response.sendJSON(status: 200, .object([
            ("id", .string(completionID)), ("object", .string("chat.completion")), ("created", .int(Self.created)),
            ("model", .string(modelName)),
            ("choices", .array([.object([
                ("index", .int(0)), ("message", .object(message)), ("logprobs", .null),
                ("finish_reason", .string(finishReason)),
            ])])),
            ("usage", OpenAIChunkEncoder.usage(promptTokens: promptTokens, completionTokens: limit)),
            ("system_fingerprint", .string("fp_tachikoma")),
        ]))
        return true
    }

    /// `text` cut into `count` pieces of about equal length (on character boundaries).
    static func pieces(of text: String, count: Int) -> [String] {
        let characters = Array(text)
        let count = max(1, min(count, max(characters.count, 1)))
        let size = (characters.count + count - 1) / count
        guard size > 0 else { return [text] }
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }
}
