import Foundation
import HTTPStreaming
import TachikomaCore

/// Reads a chat-completions event stream and builds the answer as it goes: coalesced content and
/// reasoning deltas per network read, tool calls assembled from their fragments, then `.done`.
///
/// The stream ends with `data: [DONE]`; with `stream_options.include_usage` the event before it has
/// empty `choices` and the usage. A body that ends after a `finish_reason` but without `[DONE]`
/// still counts as finished (some servers omit it); one that ends before any `finish_reason` is
/// `BackendError.streamEndedEarly`. An `{"error":…}` event inside the stream is `.streamError`.
struct ChatCompletionStreamAssembler: SSEEventHandler {
    let requestedModel: String
    /// Sees the whole answer when it is complete, before the reader does.
    var onComplete: (@Sendable (CompletionResponse) -> Void)?

    private(set) var isComplete = false
    private var model: String?
    /// The answer and the reasoning handed out so far (the current read's run not included).
    private var content = ""
    private var thinking = ""
    private var toolCalls = ToolCallAssembly()
    private var finishReason: String?
    private var usage = Usage()
    /// The deltas of the current read not yet handed out, as one run of one kind.
    private let run = TextRun()
    private var runIsThinking = false
    private var events: [StreamEvent] = []
    /// The last chunk the scanner accepted with one text in its delta, for the quickest match.
    private var template = OneStringTemplate()
    /// This stream's events by decoding path since the last `takeEvents`, for `StreamLineStatistics`.
    private var eventCounts = StreamLineStatistics.Counts()
    private static let contentTag: UInt8 = 0
    private static let reasoningTag: UInt8 = 1

    init(requestedModel: String) {
        self.requestedModel = requestedModel
    }

    mutating func consume(event: SSEEvent) throws {
        if let span = template.match(event.data) {
            eventCounts.template += 1
            append(span, of: event.data, thinking: template.tag == Self.reasoningTag)
            return
        }
        if let delta = ChunkDeltaScanner.scan(event.data) {
            eventCounts.scanner += 1
            switch (delta.content, delta.reasoning) {
            case (let content?, nil):
                template.remember(event.data, string: content, tag: Self.contentTag)
                append(content, of: event.data, thinking: false)
            case (nil, let reasoning?):
                template.remember(event.data, string: reasoning, tag: Self.reasoningTag)
                append(reasoning, of: event.data, thinking: true)
            case (let content, let reasoning):
                // Both texts in one chunk (or neither): the template holds one.
                if let reasoning { append(reasoning, of: event.data, thinking: true) }
                if let content { append(content, of: event.data, thinking: false) }
            }
            return
        }
        if event.isDoneMarker {
            finish()
            return
        }
        eventCounts.decoder += 1
        let chunk: ChunkWire
        do {
            chunk = try JSONDecoder().decode(ChunkWire.self, from: Data(event.data))
        } catch {
            throw BackendError.parsing(
                message: "a streamed event is not a chat completion chunk",
                snippet: String(decoding: event.data.prefix(80), as: UTF8.self))
        }
        if let error = chunk.error { throw BackendError.streamError(message: error.message) }
        if let name = chunk.model, !name.isEmpty { model = name }
        if let used = chunk.usage {
            usage.promptTokens = used.promptTokens
            usage.completionTokens = used.completionTokens
        }
        // Only the first choice is read: requests never ask for `n` > 1.
        guard let choice = chunk.choices?.first(where: { ($0.index ?? 0) == 0 }) else { return }
        if let delta = choice.delta {
            if let text = delta.reasoningContent ?? delta.reasoning, !text.isEmpty {
                appendText(text, thinking: true)
            }
            if let text = delta.content, !text.isEmpty { appendText(text, thinking: false) }
            for fragment in delta.toolCalls ?? [] { toolCalls.add(fragment) }
        }
        if let reason = choice.finishReason, !reason.isEmpty { finishReason = reason }
    }

    /// A chunk like the one the template holds, straight from the network read: `data: `, the
    /// chunk, and the blank line (`\n\n`) that ends the event. Anything else is framed as usual.
    mutating func consumeLeadingEvent(of bytes: UnsafeRawBufferPointer) -> Int? {
        guard !template.isEmpty, let dataStart = SSEFramer.dataValueStart(bytes),
            let (span, end) = template.matchStart(of: bytes, at: dataStart),
            end + 1 < bytes.count, bytes[end] == 0x0A, bytes[end + 1] == 0x0A
        else { return nil }
        eventCounts.template += 1
        append(span, of: bytes, thinking: template.tag == Self.reasoningTag)
        return end + 2
    }

    mutating func takeEvents(into output: inout [StreamEvent]) {
        flushPending()
        if eventCounts.total != 0 {
            StreamLineStatistics.add(eventCounts)
            eventCounts = StreamLineStatistics.Counts()
        }
        output.append(contentsOf: events)
        events.removeAll(keepingCapacity: true)
    }

    mutating func bodyEnded() throws {
        if isComplete { return }
        // Some servers end the body after the finish reason without `[DONE]`: that answer is whole.
        guard finishReason != nil else {
            throw BackendError.streamEndedEarly(partial: partialContent)
        }
        finish()
    }

    func brokenBodyError(_ error: any Error) -> any Error {
        BackendError.streamEndedEarly(partial: partialContent)
    }

    /// The answer as it stands (whole once `isComplete`).
    var response: CompletionResponse {
        CompletionResponse(
            model: model ?? requestedModel, content: content + (runIsThinking ? "" : run.text),
            thinking: thinking.isEmpty && !(runIsThinking && !run.isEmpty) ? nil : thinking + (runIsThinking ? run.text : ""),
            toolCalls: toolCalls.toolCalls(), finishReason: Self.finishReason(finishReason), usage: usage)
    }

    static func finishReason(_ reason: String?) -> FinishReason {
        switch reason {
        case "stop", "end_turn", nil: return .stop
        case "length": return .length
        case "tool_calls", "function_call": return .toolUse
        default: return .other
        }
    }

    private mutating func finish() {
        guard !isComplete else { return }
        isComplete = true
        flushPending()
        let response = response
        if !response.toolCalls.isEmpty { events.append(.toolCalls(response.toolCalls)) }
        onComplete?(response)
        events.append(.done(response))
    }

    /// The text received so far, for `BackendError.streamEndedEarly`.
    private var partialContent: String { content + (runIsThinking ? "" : run.text) }

    @inline(__always)
    private mutating func append(_ span: JSONStringSpan, of bytes: UnsafeRawBufferPointer, thinking: Bool) {
        guard span.start < span.end else { return }
        startRun(thinking: thinking)
        run.appendJSONString(span, of: bytes)
    }

    private mutating func appendText(_ text: String, thinking: Bool) {
        startRun(thinking: thinking)
        run.append(text)
    }

    /// Ends the run when the kind changes.
    @inline(__always)
    private mutating func startRun(thinking: Bool) {
        guard thinking != runIsThinking else { return }
        flushPending()
        runIsThinking = thinking
    }

    private mutating func flushPending() {
        guard !run.isEmpty else { return }
        let text = run.take()
        if runIsThinking {
            thinking += text
            events.append(.thinkingDelta(text))
        } else {
            content += text
            events.append(.contentDelta(text))
        }
    }
}
