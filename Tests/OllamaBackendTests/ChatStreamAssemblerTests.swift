import TachikomaCore
import Testing

@testable import HTTPStreaming
@testable import OllamaBackend

@Suite("Chat stream assembly")
struct ChatStreamAssemblerTests {
    private func delta(_ content: String) -> String {
        #"{"model":"m","created_at":"t","message":{"role":"assistant","content":"\#(content)"},"done":false}"#
    }

    private func thinking(_ text: String) -> String {
        #"{"model":"m","created_at":"t","message":{"role":"assistant","content":"","thinking":"\#(text)"},"done":false}"#
    }

    private let final =
        #"{"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":2000000000,"load_duration":1000,"prompt_eval_count":12,"prompt_eval_duration":3000,"eval_count":4,"eval_duration":1000000000}"#

    /// Feeds each chunk's text through a framer and the assembler, returning the events per chunk.
    private func run(
        _ chunks: [String], assembler: inout ChatStreamAssembler
    ) throws -> [[StreamEvent]] {
        var framer = NDJSONFramer()
        var perChunk: [[StreamEvent]] = []
        for chunk in chunks {
            try Array(chunk.utf8).withUnsafeBytes { bytes in
                try framer.feed(bytes) { line in try assembler.consume(line: line) }
            }
            var events: [StreamEvent] = []
            assembler.takeEvents(into: &events)
            perChunk.append(events)
        }
        return perChunk
    }

    @Test func deltasOfOneReadBecomeOneEvent() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        let chunk = [delta("The"), delta(" quick"), delta(" fox")].joined(separator: "\n") + "\n"
        let events = try run([chunk, delta(" jumps") + "\n"], assembler: &assembler)
        #expect(events == [[.contentDelta("The quick fox")], [.contentDelta(" jumps")]])
    }

    @Test func thinkingThenContentKeepsItsOrder() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        let chunk = [thinking("Let me"), thinking(" think."), delta("Answer"), delta(": 4")].joined(separator: "\n") + "\n"
        let events = try run([chunk, final + "\n"], assembler: &assembler)
        #expect(events[0] == [.thinkingDelta("Let me think."), .contentDelta("Answer: 4")])
        guard case .done(let response)? = events[1].last else {
            Issue.record("no done event")
            return
        }
        #expect(response.content == "Answer: 4")
        #expect(response.thinking == "Let me think.")
        #expect(response.finishReason == .stop)
        #expect(response.usage.promptTokens == 12)
        #expect(response.usage.completionTokens == 4)
        #expect(response.usage.totalDuration == .seconds(2))
        #expect(response.usage.evalDuration == .seconds(1))
        #expect(response.usage.completionRate == 4)
    }

    @Test func deltasBeforeTheFinalLineInTheSameReadComeFirst() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        let events = try run([delta("Hi") + "\n" + final + "\n"], assembler: &assembler)
        #expect(events[0].count == 2)
        #expect(events[0].first == .contentDelta("Hi"))
        #expect(assembler.isComplete)
        #expect(assembler.response?.content == "Hi")
    }

    @Test func aCharacterSplitBetweenReadsArrivesWhole() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        let line = Array((delta("日本") + "\n").utf8)
        let cut = try #require(line.firstIndex(of: 0xE6)) + 1  // inside 日
        var framer = NDJSONFramer()
        var events: [StreamEvent] = []
        for part in [Array(line[..<cut]), Array(line[cut...])] {
            try part.withUnsafeBytes { try framer.feed($0) { try assembler.consume(line: $0) } }
            assembler.takeEvents(into: &events)
        }
        #expect(events == [.contentDelta("日本")])
    }

    @Test func toolCallsGetStableIDs() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        let calls =
            #"{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"id":"srv_7","function":{"index":1,"name":"get_time","arguments":{}}}]},"done":false}"#
        let more =
            #"{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"third","arguments":{"n":3}}}]},"done":false}"#
        let events = try run([calls + "\n", more + "\n" + final + "\n"], assembler: &assembler)
        #expect(
            events[0] == [
                .toolCalls([
                    ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"]),
                    ToolCall(id: "srv_7", name: "get_time", arguments: [:]),
                ])
            ])
        #expect(events[1].first == .toolCalls([ToolCall(id: "call_3", name: "third", arguments: ["n": 3])]))
        #expect(assembler.response?.toolCalls.map(\.id) == ["call_1", "srv_7", "call_3"])
        #expect(assembler.response?.finishReason == .toolUse)
    }

    @Test func lengthAndOtherDoneReasons() throws {
        for (reason, expected) in [("length", FinishReason.length), ("load", .other), ("unload", .other), ("stop", .stop)] {
            var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
            let line = #"{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"\#(reason)"}"#
            _ = try run([line + "\n"], assembler: &assembler)
            #expect(assembler.response?.finishReason == expected)
        }
    }

    @Test func errorLineIsAnAPIErrorWithTheServersMessage() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        _ = try run([delta("par") + "\n"], assembler: &assembler)
        let error = #expect(throws: BackendError.self) {
            _ = try run([#"{"error":"model runner has unexpectedly stopped"}"# + "\n"], assembler: &assembler)
        }
        #expect(error == .streamError(message: "model runner has unexpectedly stopped"))
    }

    @Test func bodyEndingBeforeDoneKeepsThePartialText() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        _ = try run([delta("Hello") + "\n" + delta(" wor")], assembler: &assembler)  // last line unfinished
        #expect(assembler.partialContent == "Hello")
        let error = #expect(throws: BackendError.self) { try assembler.bodyEnded() }
        #expect(error == .streamEndedEarly(partial: "Hello"))
    }

    @Test func notJSONIsAParsingErrorQuotingTheLine() throws {
        var assembler = ChatStreamAssembler(shape: .chat, requestedModel: "m")
        let error = #expect(throws: BackendError.self) {
            _ = try run(["<html>" + String(repeating: "x", count: 200) + "\n"], assembler: &assembler)
        }
        guard case .parsing(_, let snippet)? = error else {
            Issue.record("expected parsing, got \(String(describing: error))")
            return
        }
        #expect(snippet.hasPrefix("<html>xxx"))
        #expect(snippet.utf8.count == 80)
    }

    @Test func generateShapeAssemblesResponseText() throws {
        var assembler = ChatStreamAssembler(shape: .generate, requestedModel: "m")
        let lines = [
            #"{"model":"m","created_at":"t","response":"Hel","done":false}"#,
            #"{"model":"m","created_at":"t","response":"lo","done":false}"#,
            #"{"model":"m","created_at":"t","response":"","done":true,"done_reason":"stop","context":[1,2,3]}"#,
        ]
        let events = try run([lines.joined(separator: "\n") + "\n"], assembler: &assembler)
        #expect(events[0].first == .contentDelta("Hello"))
        #expect(assembler.response?.content == "Hello")
    }
}
