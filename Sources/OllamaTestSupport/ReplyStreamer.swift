/// Sends a scripted answer: streamed as NDJSON or whole, paced, cut by `num_predict`, or failing as scripted.
struct ReplyStreamer {
    let state: SharedServerState
    let response: ResponseChannel
    /// The model name as the request spelled it (Ollama echoes it back).
    let modelName: String
    var encoder: ChunkEncoder
    let reply: ScriptedReply
    let plan: TokenPlan
    let sendToolCalls: Bool
    let numPredict: Int
    let promptTokens: Int
    let modelWasLoaded: Bool

    /// Lines are gathered up to this size before a write when there is no pacing.
    static let batchSize = 64 * 1024

    private enum Ending {
        case done(reason: String)
        case failure(StreamFailure)
    }

    /// Streams the answer; returns false when the connection is gone or was dropped on purpose.
    func stream() async throws -> Bool {
        var encoder = self.encoder
        let started = ContinuousClock.now
        let paced = reply.tokenDelay > .zero
        var batch: [UInt8] = []
        batch.reserveCapacity(Self.batchSize + 4096)
        // Repeated and cycled tokens are escaped once, not once per line.
        let cycleEscaped = plan.contentCycle?.map(ChunkEncoder.escaped) ?? []
        let (limit, ending) = plannedEnding()

        do {
            try await response.startStream()
            for index in 0..<limit {
                if index == reply.holdAfterTokens {
                    if !batch.isEmpty { try await response.send(batch) }
                    batch.removeAll(keepingCapacity: true)
                    await state.waitUntilHeldStreamsReleased(orClosed: response.channel.closeFuture)
                    try Task.checkCancellation()
                }
                // Every line gets its own `created_at`, as Ollama stamps each chunk.
                if paced {
                    try await Task.sleep(for: reply.tokenDelay)
                    encoder.refreshTimestamp()
                } else {
                    encoder.advanceTimestamp()
                }
                let token = plan.token(at: index)
                let contentIndex = index - plan.thinking.count
                let escaped =
                    !token.isThinking && !cycleEscaped.isEmpty
                    ? cycleEscaped[contentIndex % cycleEscaped.count] : ChunkEncoder.escaped(token.text)
                encoder.appendToken(escaped, thinking: token.isThinking, to: &batch)
                if paced || batch.count >= Self.batchSize {
                    try await response.send(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }

            switch ending {
            case .failure(let failure):
                return try await response.end(with: failure, pending: batch, state: state) { message in
                    var writer = GoJSONWriter()
                    writer.write(.object([("error", .string(message))]))
                    return writer.bytes + [UInt8(ascii: "\n")]
                }
            case .done(let reason):
                if reason != "length", sendToolCalls, !reply.toolCalls.isEmpty {
                    if paced {
                        try await Task.sleep(for: reply.tokenDelay)
                        encoder.refreshTimestamp()
                    }
                    switch reply.toolCallChunking {
                    case .together:
                        encoder.appendToolCalls(reply.toolCalls, to: &batch)
                    case .separately:
                        // Each call its own line, and its own write, so they arrive in separate reads.
                        for (index, call) in reply.toolCalls.enumerated() {
                            encoder.appendToolCalls([call], firstIndex: index, to: &batch)
                            try await response.send(batch)
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    if paced {
                        try await response.send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if paced { try await Task.sleep(for: reply.tokenDelay) }
                encoder.refreshTimestamp()
                encoder.appendFinal(
                    doneReason: reason, statistics: statistics(evalCount: limit, since: started),
                    context: context(evalCount: limit), to: &batch
                )
                try await response.finish(batch)
                return true
            }
        } catch is CancellationError {
            return false
        } catch {
            state.withLock { $0.clientDisconnects += 1 }
            return false
        }
    }

    /// `stream: false`: one JSON object with everything the stream would have carried.
    func answerWhole() async throws -> Bool {
        let started = ContinuousClock.now
        let (limit, ending) = plannedEnding()
        var content = ""
        var thinking = ""
        for index in 0..<limit {
            if reply.tokenDelay > .zero { try await Task.sleep(for: reply.tokenDelay) }
            let token = plan.token(at: index)
            if token.isThinking { thinking += token.text } else { content += token.text }
        }
        var doneReason = ""
        switch ending {
        case .failure(.errorLine(_, let message)):
            try await response.sendError(status: 500, message)
            return true
        case .failure(.disconnect):
            await response.abort()
            return false
        case .failure(.stall):
            await response.waitUntilClosed()
            state.withLock { $0.clientDisconnects += 1 }
            return false
        case .failure(.endWithoutDone):
            break
        case .done(let reason):
            doneReason = reason
        }

        let done = !doneReason.isEmpty
        var members: [(String, OrderedJSON)] = [
            ("model", .string(modelName)), ("created_at", .string(GoTimestamp.nowUTC())),
        ]
        switch encoder.endpoint {
        case .chat:
            var message: [(String, OrderedJSON)] = [("role", .string("assistant")), ("content", .string(content))]
            if !thinking.isEmpty { message.append(("thinking", .string(thinking))) }
            if done, doneReason != "length", sendToolCalls, !reply.toolCalls.isEmpty {
                message.append(("tool_calls", ChunkEncoder.toolCallsJSON(reply.toolCalls)))
            }
            members.append(("message", .object(message)))
            members.append(("done", .bool(done)))
            if done { members.append(("done_reason", .string(doneReason))) }
        case .generate:
            members.append(("response", .string(content)))
            if !thinking.isEmpty { members.append(("thinking", .string(thinking))) }
            members.append(("done", .bool(done)))
            if done {
                members.append(("done_reason", .string(doneReason)))
                members.append(("context", .array(context(evalCount: limit).map { .int($0) })))
            }
        }
        if done {
            for (key, value) in statistics(evalCount: limit, since: started).members where value != 0 {
                members.append((key, .int(value)))
            }
        }
        try await response.sendJSON(status: 200, .object(members))
        return true
    }

    /// How many tokens go out and what comes after them: the scripted failure, `length` when
    /// `num_predict` cuts first, or the scripted done reason.
    private func plannedEnding() -> (Int, Ending) {
        let total = plan.count
        let cut = numPredict > 0 ? min(numPredict, total) : total
        if let failure = reply.failure, failure.afterTokens <= cut {
            return (max(0, failure.afterTokens), .failure(failure))
        }
        if numPredict > 0, numPredict < total { return (numPredict, .done(reason: "length")) }
        return (total, .done(reason: reply.doneReason))
    }

    /// Plausible Ollama statistics: real time where it was spent, model-like figures otherwise.
    private func statistics(evalCount: Int, since started: ContinuousClock.Instant) -> GenerationStatistics {
        let elapsed = Self.nanoseconds(ContinuousClock.now - started)
        let load: Int64 = modelWasLoaded ? 15_218_375 : 1_504_119_871
        let promptEval = Int64(promptTokens) * 180_000 + 3_517
        let eval = max(elapsed, Int64(evalCount) * 1_000 + 1)
        let total = max(load + promptEval + eval + 412_735, elapsed)
        return GenerationStatistics(
            totalDuration: total, loadDuration: load, promptEvalCount: Int64(promptTokens),
            promptEvalDuration: promptEval, evalCount: Int64(evalCount), evalDuration: eval
        )
    }

    /// Token ids standing for the prompt and the answer (generate's `context`).
    private func context(evalCount: Int) -> [Int] {
        guard encoder.endpoint == .generate else { return [] }
        return (0..<(promptTokens + evalCount)).map { 128_000 + ($0 * 7_919) % 20_000 }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
