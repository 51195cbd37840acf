import Foundation
import HTTPStreaming
import TachikomaCore

/// Turns the lines of a chat or generate answer into `StreamEvent`s and, at the end, the whole
/// `CompletionResponse`.
///
/// Deltas that arrive in one network read are coalesced: consecutive deltas of one kind become one
/// event, so a consumer redraws once per read, not once per token, and thinking still comes before
/// the content that followed it.
struct ChatStreamAssembler: StreamLineHandler {
    let shape: DeltaLineScanner.Shape
    let requestedModel: String

    private var runKind: RunKind?
    private let run = TextRun()
    /// Where a content line that may start a new run is read before that run is started.
    private let firstContent = TextRun(capacity: 256)
    /// The start the stream's lines share, for the template match (`OllamaLinePrefix`).
    private var linePrefix = OllamaLinePrefix()
    private var content = ""
    private var thinking = ""
    private var toolCalls: [ToolCall] = []
    private var events: [StreamEvent] = []
    private(set) var isComplete = false
    private(set) var response: CompletionResponse?
    private let decoder = JSONDecoder()
    /// This stream's lines by decoding path since the last `takeEvents`, for `StreamLineStatistics`.
    private var lineCounts = StreamLineStatistics.Counts()
    /// Called once with the whole answer when the final line arrives.
    var onComplete: (@Sendable (CompletionResponse) -> Void)?

    private enum RunKind { case content, thinking }

    init(shape: DeltaLineScanner.Shape, requestedModel: String) {
        self.shape = shape
        self.requestedModel = requestedModel
    }

    /// The text received so far, for `BackendError.streamEndedEarly`.
    var partialContent: String {
        var text = content
        if runKind == .content { text += run.text }
        return text
    }

    mutating func consume(line: UnsafeRawBufferPointer) throws {
        guard !isComplete else { return }
        let light: DeltaLineScanner.Delta?
        if shape == .chat, let delta = DeltaLineScanner.scanOllamaChatDelta(line) {
            lineCounts.template += 1
            light = delta
        } else {
            light = DeltaLineScanner.scanGeneral(line, shape: shape)
            if light != nil { lineCounts.scanner += 1 }
        }
        if let delta = light {
            if let span = delta.thinking, !span.isEmpty {
                startRun(.thinking)
                run.appendJSONString(span, of: line)
            }
            if let span = delta.content, !span.isEmpty {
                startRun(.content)
                run.appendJSONString(span, of: line)
            }
            return
        }
        lineCounts.decoder += 1
        try consumeRare(line)
    }

    /// Ollama's usual chat lines, matched straight from the network read (see `NDJSONFramer.feed`),
    /// one after another until a line of another shape.
    mutating func consumeLeadingLines(of bytes: UnsafeRawBufferPointer) -> Int {
        guard !isComplete, shape == .chat else { return 0 }
        var taken = 0
        var lines = 0
        while taken < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[taken...])
            let length: Int?
            if runKind == .content {
                length = DeltaLineScanner.takeOllamaChatDeltaLine(startOf: rest, prefix: &linePrefix, into: run)
            } else {
                // The first content after thinking (or the stream's first): read aside, so that the
                // thinking run is only closed for a line that is taken and holds text.
                firstContent.removeLast(firstContent.count)
                length = DeltaLineScanner.takeOllamaChatDeltaLine(startOf: rest, prefix: &linePrefix, into: firstContent)
                if length != nil, !firstContent.isEmpty {
                    startRun(.content)
                    firstContent.withBytes { run.append($0) }
                }
            }
            guard let length else { break }
            taken &+= length
            lines &+= 1
        }
        lineCounts.template += lines
        return taken
    }

    mutating func takeEvents(into output: inout [StreamEvent]) {
        flushRun()
        if lineCounts.total != 0 {
            StreamLineStatistics.add(lineCounts)
            lineCounts = StreamLineStatistics.Counts()
        }
        output.append(contentsOf: events)
        events.removeAll(keepingCapacity: true)
    }

    func bodyEnded() throws {
        guard isComplete else { throw BackendError.streamEndedEarly(partial: partialContent) }
    }

    func brokenBodyError(_ error: any Error) -> any Error {
        BackendError.streamEndedEarly(partial: partialContent)
    }

    /// Final statistics, errors and tool calls: the full decoder.
    private mutating func consumeRare(_ line: UnsafeRawBufferPointer) throws {
        let chunk: ChatChunk
        do {
            chunk = try decoder.decode(ChatChunk.self, from: Data(line))
        } catch {
            throw BackendError.parsing(
                message: "a line of the answer is not the JSON Ollama sends", snippet: Self.snippet(line))
        }
        if let message = chunk.error {
            // A failure after the 200 header (the runner crashed, ran out of memory, …).
            throw BackendError.streamError(message: message)
        }
        let deltaThinking = shape == .chat ? chunk.message?.thinking : chunk.thinking
        let deltaContent = shape == .chat ? chunk.message?.content : chunk.response
        if let text = deltaThinking, !text.isEmpty {
            startRun(.thinking)
            run.append(text)
        }
        if let text = deltaContent, !text.isEmpty {
            startRun(.content)
            run.append(text)
        }
        if let calls = chunk.message?.toolCalls, !calls.isEmpty {
            flushRun()
            var mapped: [ToolCall] = []
            for call in calls {
                // The server's id when it sends one, else the call's number within this answer.
                let serverID = call.id.flatMap { $0.isEmpty ? nil : $0 }
                let id = serverID ?? "call_\(toolCalls.count + 1)"
                let toolCall = ToolCall(id: id, name: call.function.name, arguments: call.function.arguments)
                mapped.append(toolCall)
                toolCalls.append(toolCall)
            }
            events.append(.toolCalls(mapped))
        }
        if chunk.done == true {
            flushRun()
            let finished = CompletionResponse(
                model: chunk.model ?? requestedModel, content: content, thinking: thinking.isEmpty ? nil : thinking,
                toolCalls: toolCalls, finishReason: finishReason(chunk.doneReason), usage: chunk.usage)
            response = finished
            isComplete = true
            onComplete?(finished)
            events.append(.done(finished))
        }
    }

    private func finishReason(_ reason: String?) -> FinishReason {
        if !toolCalls.isEmpty { return .toolUse }
        switch reason {
        case nil, "", "stop": return .stop
        case "length": return .length
        default: return .other
        }
    }

    @inline(__always)
    private mutating func startRun(_ kind: RunKind) {
        if runKind != kind {
            flushRun()
            runKind = kind
        }
    }

    private mutating func flushRun() {
        guard let kind = runKind else { return }
        runKind = nil
        guard !run.isEmpty else { return }
        let text = run.take()
        switch kind {
        case .content:
            content += text
            events.append(.contentDelta(text))
        case .thinking:
            thinking += text
            events.append(.thinkingDelta(text))
        }
    }

    static func snippet(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.prefix(80), as: UTF8.self)
    }
}
