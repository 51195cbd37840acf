import Foundation
import HTTPStreaming
import NIOCore
import TachikomaCore
import Testing

@testable import OpenAIBackend

/// The chat-completions stream decoder on bytes as a server writes them, cut anywhere.
@Suite("Chat completion stream assembly")
struct StreamAssemblerTests {
    struct Result {
        var events: [StreamEvent] = []
        var error: (any Error)?
        var response: CompletionResponse? {
            events.compactMap { if case .done(let response) = $0 { return response } else { return nil } }.first
        }
        var content: String {
            events.map { if case .contentDelta(let text) = $0 { return text } else { return "" } }.joined()
        }
        var thinking: String {
            events.map { if case .thinkingDelta(let text) = $0 { return text } else { return "" } }.joined()
        }
    }

    /// Feeds `body` cut at `splits` as the response source would, one read at a time.
    static func decode(_ body: String, splits: [Int] = []) -> Result {
        let bytes = Array(body.utf8)
        var decoder = SSEBodyDecoder(handler: ChatCompletionStreamAssembler(requestedModel: "asked"))
        var result = Result()
        var start = 0
        do {
            for end in splits.filter({ $0 > 0 && $0 < bytes.count }).sorted() + [bytes.count] where end >= start {
                try decoder.ingest(ByteBufferAllocatorFree.buffer(bytes[start..<end]))
                decoder.takeEvents(into: &result.events)
                start = end
            }
            try decoder.ingestEnd()
        } catch {
            result.error = error
        }
        decoder.takeEvents(into: &result.events)
        return result
    }

    static func chunk(_ delta: String, finish: String? = nil, extra: String = "") -> String {
        let reason = finish.map { "\"\($0)\"" } ?? "null"
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"served\",\"choices\":[{\"index\":0,\"delta\":{\(delta)},\"logprobs\":null,\"finish_reason\":\(reason)}]\(extra)}\n\n"
    }

    static let usage = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"served\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n"

    static let plainAnswer = chunk("\"role\":\"assistant\",\"content\":\"\",\"refusal\":null", extra: ",\"usage\":null")
        + chunk("\"content\":\"Hel\"", extra: ",\"usage\":null") + chunk("\"content\":\"lo \\\"wor\\u006cd\\\" 日本\"")
        + chunk("\"content\":\" 🚀\\n\"") + chunk("", finish: "stop", extra: ",\"usage\":null") + usage + "data: [DONE]\n\n"

    @Test func aPlainAnswerGivesItsTextUsageAndFinishReason() throws {
        let result = Self.decode(Self.plainAnswer)
        #expect(result.error == nil)
        #expect(result.content == "Hello \"world\" 日本 🚀\n")
        let response = try #require(result.response)
        #expect(response.content == "Hello \"world\" 日本 🚀\n")
        #expect(response.model == "served")
        #expect(response.finishReason == .stop)
        #expect(response.usage.promptTokens == 12)
        #expect(response.usage.completionTokens == 3)
        #expect(response.thinking == nil)
    }

    /// Events taken straight from the read (like the template's chunk, then `\n\n`) and everything
    /// around them that must not be: an `event:` or `id:` line, a comment, `data:` without its space,
    /// CRLF line ends, an event of two data lines, a chunk whose text closes early. Cut anywhere,
    /// the text is the same.
    @Test func eventsTakenFromTheReadAndTheirNeighboursGiveTheSameTextCutAnywhere() async {
        let plain = Self.chunk("\"content\":\"a\"")
        let body = plain + Self.chunk("\"content\":\"b\"") + ": keep-alive\n\n" + Self.chunk("\"content\":\"c\"")
            + "event: message\n" + Self.chunk("\"content\":\"d\"") + "id: 7\n" + Self.chunk("\"content\":\"e\"")
            + Self.chunk("\"content\":\"f\"").replacingOccurrences(of: "data: ", with: "data:")
            + Self.chunk("\"content\":\"g\"").replacingOccurrences(of: "\n", with: "\r\n")
            + Self.chunk("\"content\":\"h\"").replacingOccurrences(of: "\"index\":0,", with: "\"index\":0,\ndata: ")
            + Self.chunk(#""content":"i","role":"assistant""#) + Self.chunk(#""content":"j \"q\" \u00e9""#)
            + Self.chunk("", finish: "stop") + "data: [DONE]\n\n"
        let want = "abcdefghij \"q\" é"
        let length = body.utf8.count
        #expect(Self.decode(body).content == want)
        for cut in 1..<length {
            if cut % 32 == 0 { await Task.yield() }
            let result = Self.decode(body, splits: [cut, cut + 150])
            #expect(result.error == nil, "cut at \(cut)")
            #expect(result.content == want, "cut at \(cut)")
        }
    }

    @Test func everySplitGivesTheSameAnswer() async {
        let whole = Self.decode(Self.plainAnswer)
        let length = Self.plainAnswer.utf8.count
        for cut in 1..<length {
            // Let other tests run: hundreds of synchronous cases would hold a cooperative thread.
            if cut % 32 == 0 { await Task.yield() }
            let result = Self.decode(Self.plainAnswer, splits: [cut])
            #expect(result.content == whole.content, "cut at \(cut)")
            #expect(result.response == whole.response, "cut at \(cut)")
        }
        for cuts in [[1, 2, 3], [40, 41, 300], Array(stride(from: 7, to: length, by: 13))] {
            #expect(Self.decode(Self.plainAnswer, splits: cuts).response == whole.response, "cuts \(cuts)")
        }
    }

    @Test func reasoningContentAndReasoningAreThinking() throws {
        let body = Self.chunk("\"reasoning_content\":\"Let me\"") + Self.chunk("\"reasoning\":\" think.\"")
            + Self.chunk("\"content\":\"Yes.\",\"reasoning_content\":null") + Self.chunk("", finish: "stop") + "data: [DONE]\n\n"
        let result = Self.decode(body)
        #expect(result.thinking == "Let me think.")
        #expect(result.content == "Yes.")
        #expect(try #require(result.response).thinking == "Let me think.")
        // Thinking goes out before the answer, as separate events.
        let kinds = result.events.map { event -> String in
            switch event {
            case .thinkingDelta: return "thinking"
            case .contentDelta: return "content"
            case .toolCalls: return "tools"
            case .done: return "done"
            }
        }
        #expect(kinds == ["thinking", "content", "done"])
    }

    /// Chunks alike but for their text take the template; any change of shape (thinking to answer,
    /// a new timestamp, a tool call) is read in full and gives the same text.
    @Test func chunksAlikeButForTheirTextTakeTheTemplateAndChangesOfShapeStillRead() throws {
        let before = StreamLineStatistics.counts
        let thinking = (1...4).map { Self.chunk("\"reasoning_content\":\"t\($0) \"") }.joined()
        let answer = (1...6).map { Self.chunk("\"content\":\"a\\\"\($0)\\\" \"") }.joined()
        let later = Self.chunk("\"content\":\"later\"").replacingOccurrences(of: "\"created\":1,", with: "\"created\":2,")
        let call = Self.chunk(#""tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]"#)
        let body = thinking + answer + later + Self.chunk("\"content\":\" end\"").replacingOccurrences(of: "\"created\":1,", with: "\"created\":2,")
            + call + Self.chunk("", finish: "tool_calls") + "data: [DONE]\n\n"
        let result = Self.decode(body, splits: [100, 101, 700, 1333])
        #expect(result.error == nil)
        #expect(result.thinking == "t1 t2 t3 t4 ")
        #expect(result.content == "a\"1\" a\"2\" a\"3\" a\"4\" a\"5\" a\"6\" later end")
        #expect(try #require(result.response).toolCalls.map(\.name) == ["f"])
        // Three shapes learned (thinking, answer, the new timestamp), the rest matched: other
        // tests may add to the process's counts meanwhile, never take from them.
        let after = StreamLineStatistics.counts
        #expect(after.template - before.template >= 3 + 5 + 1)
    }

    @Test func toolCallsArriveInFragmentsAcrossChunksAndComeOutWhole() throws {
        let body = Self.chunk("\"role\":\"assistant\",\"content\":null")
            + Self.chunk("\"tool_calls\":[{\"index\":0,\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]")
            + Self.chunk("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]")
            + Self.chunk("\"tool_calls\":[{\"index\":1,\"id\":\"call_t\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]")
            + Self.chunk("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Oslo\\\"}\"}}]")
            + Self.chunk("", finish: "tool_calls") + Self.usage + "data: [DONE]\n\n"
        let result = Self.decode(body)
        #expect(result.error == nil)
        let expected = [
            ToolCall(id: "call_w", name: "get_weather", arguments: ["city": "Oslo"]),
            ToolCall(id: "call_t", name: "get_time", arguments: [:]),
        ]
        #expect(result.events.contains(.toolCalls(expected)))
        let response = try #require(result.response)
        #expect(response.toolCalls == expected)
        #expect(response.finishReason == .toolUse)
    }

    @Test(arguments: [("stop", FinishReason.stop), ("length", .length), ("tool_calls", .toolUse), ("content_filter", .other)])
    func finishReasonsMap(wire: String, reason: FinishReason) throws {
        let result = Self.decode(Self.chunk("\"content\":\"x\"") + Self.chunk("", finish: wire) + "data: [DONE]\n\n")
        #expect(try #require(result.response).finishReason == reason)
    }

    @Test func anErrorEventInTheStreamIsAStreamError() {
        let body = Self.chunk("\"content\":\"partial\"")
            + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"
        let result = Self.decode(body)
        #expect(result.content == "partial")
        #expect(result.error as? BackendError == .streamError(message: "The server had an error while processing your request."))
    }

    @Test func aBodyThatEndsBeforeAnyFinishReasonEndedEarly() {
        let result = Self.decode(Self.chunk("\"content\":\"half an ans\""))
        #expect(result.error as? BackendError == .streamEndedEarly(partial: "half an ans"))
        #expect(result.response == nil)
    }

    @Test func aBodyThatEndsAfterTheFinishReasonWithoutDoneIsWhole() throws {
        let result = Self.decode(Self.chunk("\"content\":\"ok\"") + Self.chunk("", finish: "stop"))
        #expect(result.error == nil)
        #expect(try #require(result.response).content == "ok")
    }

    @Test func keepAliveCommentsAndCRLFAreRead() throws {
        let body = (": keep-alive\n\n" + Self.chunk("\"content\":\"a\"") + ": ping\n\n" + Self.chunk("\"content\":\"b\"")
            + Self.chunk("", finish: "stop") + "data: [DONE]\n\n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try #require(Self.decode(body).response).content == "ab")
    }

    @Test func eventsAfterDoneAreNotRead() throws {
        let result = Self.decode(Self.chunk("\"content\":\"a\"") + Self.chunk("", finish: "stop") + "data: [DONE]\n\ndata: not json\n\n")
        #expect(result.error == nil)
        #expect(try #require(result.response).content == "a")
    }

    @Test func anEventThatIsNotJSONIsAParsingError() {
        let result = Self.decode("data: <html>oops</html>\n\n")
        guard case .parsing(_, let snippet) = result.error as? BackendError else {
            Issue.record("expected a parsing error, got \(String(describing: result.error))")
            return
        }
        #expect(snippet.hasPrefix("<html>"))
    }
}

/// A ByteBuffer from bytes without an allocator at hand.
enum ByteBufferAllocatorFree {
    static func buffer(_ bytes: ArraySlice<UInt8>) -> NIOCore.ByteBuffer {
        NIOCore.ByteBuffer(bytes: bytes)
    }
}
