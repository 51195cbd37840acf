import TachikomaCore
import Testing

@testable import OpenAIBackend

@Suite("Tool-call fragment assembly")
struct ToolCallAssemblyTests {
    private func fragment(_ index: Int?, id: String? = nil, name: String? = nil, arguments: String? = nil)
        -> ToolCallDeltaWire
    {
        ToolCallDeltaWire(index: index, id: id, function: .init(name: name, arguments: arguments))
    }

    @Test func argumentsInManyPiecesAreJoinedPerIndexAndParsedAtTheEnd() {
        var assembly = ToolCallAssembly()
        assembly.add(fragment(0, id: "call_a", name: "get_weather", arguments: ""))
        assembly.add(fragment(1, id: "call_b", name: "get_time", arguments: "{\"zone\""))
        assembly.add(fragment(0, arguments: "{\"ci"))
        assembly.add(fragment(0, arguments: "ty\": \"Par"))
        assembly.add(fragment(1, arguments: ": \"UTC\"}"))
        assembly.add(fragment(0, arguments: "is\"}"))
        #expect(assembly.toolCalls() == [
            ToolCall(id: "call_a", name: "get_weather", arguments: ["city": "Paris"]),
            ToolCall(id: "call_b", name: "get_time", arguments: ["zone": "UTC"]),
        ])
    }

    @Test func callsComeOutInIndexOrderWhateverTheOrderOfTheirFirstFragments() {
        var assembly = ToolCallAssembly()
        assembly.add(fragment(1, id: "second", name: "b", arguments: "{}"))
        assembly.add(fragment(0, id: "first", name: "a", arguments: "{}"))
        #expect(assembly.toolCalls().map(\.id) == ["first", "second"])
    }

    @Test func aNameRepeatedInEveryFragmentIsNotDoubledAndASplitNameIsJoined() {
        var assembly = ToolCallAssembly()
        assembly.add(fragment(0, id: "x", name: "lookup", arguments: "{\"q\":"))
        assembly.add(fragment(0, name: "lookup", arguments: "1}"))
        assembly.add(fragment(1, id: "y", name: "get_", arguments: nil))
        assembly.add(fragment(1, name: "time", arguments: "{}"))
        #expect(assembly.toolCalls().map(\.name) == ["lookup", "get_time"])
        #expect(assembly.toolCalls().first?.arguments == ["q": 1])
    }

    @Test func fragmentsWithoutIndexContinueTheLastCallUntilANewIDArrives() {
        var assembly = ToolCallAssembly()
        assembly.add(fragment(nil, id: "one", name: "a", arguments: "{\"n\""))
        assembly.add(fragment(nil, arguments: ":1}"))
        assembly.add(fragment(nil, id: "two", name: "b", arguments: "{}"))
        #expect(assembly.toolCalls() == [
            ToolCall(id: "one", name: "a", arguments: ["n": 1]), ToolCall(id: "two", name: "b", arguments: [:]),
        ])
    }

    @Test func aCallWithoutIDGetsOneFromItsIndexAndNoArgumentsMeanAnEmptyObject() {
        var assembly = ToolCallAssembly()
        assembly.add(fragment(3, name: "now"))
        #expect(assembly.toolCalls() == [ToolCall(id: "call_3", name: "now", arguments: [:])])
    }

    @Test(arguments: ["{\"city\": \"Par", "[1, 2]", "not json", "\"text\""])
    func argumentsThatAreNotAJSONObjectArePassedOnAsTheirRawText(raw: String) {
        var assembly = ToolCallAssembly()
        assembly.add(fragment(0, id: "c", name: "f", arguments: raw))
        #expect(assembly.toolCalls().first?.arguments == .string(raw))
    }
}
