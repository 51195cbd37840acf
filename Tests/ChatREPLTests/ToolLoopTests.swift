import Foundation
import Testing
import TachikomaCore
@testable import ChatEngine
@testable import ChatREPL

/// A tool for the loop's tests: answers with its arguments, or waits until cancelled.
struct RecordingTool: Tool {
    enum Behaviour: Sendable { case echo, waitUntilCancelled, fail, huge }
    let name: String
    let policy: ToolPolicy
    let behaviour: Behaviour
    let runs: Locked<[JSONValue]>
    let started: Locked<Int>

    init(_ name: String, policy: ToolPolicy = .auto, behaviour: Behaviour = .echo) {
        self.name = name
        self.policy = policy
        self.behaviour = behaviour
        runs = Locked([])
        started = Locked(0)
    }

    var definition: ToolDefinition {
        ToolDefinition(
            name: name, description: "test tool",
            parameters: ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]])
    }
    var source: ToolSource { .builtIn }
    var defaultPolicy: ToolPolicy { policy }

    func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        guard case .string(let text)? = arguments.objectValue?["text"] else {
            throw .invalidArguments(tool: name, reason: "'text' is required")
        }
        return "do \(text)"
    }

    func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        started.update { $0 += 1 }
        testDoubleChanges.notify()
        switch behaviour {
        case .echo:
            runs.update { $0.append(arguments) }
            return "ran \(arguments.objectValue?["text"]?.stringValue ?? "")"
        case .waitUntilCancelled:
            // Ignores cancellation on purpose: the loop must stop waiting anyway.
            let (never, keepOpen) = AsyncStream<Never>.makeStream()
            for await _ in never {}
            keepOpen.finish()
            return "never"
        case .fail:
            throw .failed(tool: name, message: "it broke")
        case .huge:
            return String(repeating: "x", count: 100_000)
        }
    }
}

struct TestToolProvider: ToolProviding {
    let list: [any Tool]
    let shutdowns = Locked(0)
    init(_ list: [any Tool]) { self.list = list }
    func tools() async -> (tools: [any Tool], problems: [ToolError]) { (list, []) }
    func shutdown() async { shutdowns.update { $0 += 1 } }
}

extension MockBackend {
    /// An answer that only calls tools.
    func enqueueCalls(_ calls: [ToolCall]) {
        let response = CompletionResponse(model: "m", content: "", toolCalls: calls, finishReason: .toolUse, usage: Usage())
        enqueue([.event(.toolCalls(calls)), .event(.done(response))])
    }
}

func call(_ id: String, _ name: String, _ text: String?) -> ToolCall {
    ToolCall(id: id, name: name, arguments: text.map { ["text": .string($0)] } ?? [:])
}

func makeToolREPL(
    _ lines: [String], backend: MockBackend, tools: [any Tool], rounds: Int = 8, saving: SessionSaving = .off,
    interactive: Bool = true
) -> (ChatREPL, ScriptedInput, CapturingOutput, TestToolProvider) {
    var settings = ChatSettings(model: "llama3.2")
    settings.color = false
    settings.toolsEnabled = true
    let (repl, input, output) = makeREPL(lines, backend: backend, settings: settings, saving: saving)
    input.isInteractive = interactive
    let provider = TestToolProvider(tools)
    repl.useTools(ToolSetup(provider: provider, rounds: rounds, maximumResultCharacters: 1000))
    return (repl, input, output, provider)
}

@Suite("The tool loop in the chat")
struct ToolLoopTests {
    @Test func severalCallsInOneMessageAreAllAnsweredInOrderThenTheModelAnswers() async throws {
        let backend = MockBackend()
        backend.enqueueCalls([call("c1", "echo", "one"), call("c2", "echo", "two")])
        backend.enqueueAnswer(["Done."])
        let echo = RecordingTool("echo")
        let store = InMemorySessionStore()
        let (repl, _, output, provider) = makeToolREPL(["go"], backend: backend, tools: [echo], saving: .store(store))
        _ = await repl.run()

        let requests = backend.requests.get()
        #expect(requests.count == 2)
        #expect(requests[0].tools.map(\.name) == ["echo"])
        let sent = requests[1].messages
        #expect(sent.map(\.role) == [.user, .assistant, .tool, .tool])
        #expect(sent[2] == .tool("ran one", name: "echo", callID: "c1"))
        #expect(sent[3] == .tool("ran two", name: "echo", callID: "c2"))
        #expect(output.text.contains(#"[tool] echo {"text":"one"}"#))
        #expect(output.text.contains("  → ran two"))
        #expect(output.text.contains("Done."))
        // Every call and result is saved with the session, in order.
        let saved = try #require(try store.latestSession())
        #expect(saved.messages.map(\.message.role) == [.user, .assistant, .tool, .tool, .assistant])
        #expect(saved.messages[1].message.toolCalls.map(\.id) == ["c1", "c2"])
        #expect(saved.messages[3].message.toolName == "echo")
        #expect(provider.shutdowns.get() == 1)
    }

    @Test func badCallsBecomeToolMessagesAndOneLineNotices() async throws {
        let backend = MockBackend()
        backend.enqueueCalls([
            call("c1", "nope", "x"), call("c2", "echo", nil), call("c3", "broken", "x"), call("c4", "big", "x"),
        ])
        backend.enqueueAnswer(["ok"])
        let (repl, _, output, _) = makeToolREPL(
            ["go"], backend: backend,
            tools: [RecordingTool("echo"), RecordingTool("broken", behaviour: .fail), RecordingTool("big", behaviour: .huge)])
        _ = await repl.run()
        let results = backend.requests.get()[1].messages.filter { $0.role == .tool }.map(\.content)
        #expect(results.count == 4)
        #expect(results[0] == "error: there is no tool named 'nope'")
        #expect(results[1] == "error: echo: invalid arguments: 'text' is required")
        #expect(results[2] == "error: broken: it broke")
        #expect(results[3].hasPrefix(String(repeating: "x", count: 1000) + "\n[the result was cut to its first 1000 of 100000"))
        #expect(output.text.contains("warning: there is no tool named 'nope'"))
        #expect(output.text.contains("warning: big: the result was cut"))
        #expect(output.text.contains("ok"))
    }

    @Test func theRoundLimitStopsAModelThatKeepsCallingTools() async throws {
        let backend = MockBackend()
        for round in 1...3 { backend.enqueueCalls([call("c\(round)", "echo", "r\(round)")]) }
        backend.enqueueAnswer(["Giving up."])
        let echo = RecordingTool("echo")
        let (repl, _, output, _) = makeToolREPL(["go"], backend: backend, tools: [echo], rounds: 2)
        _ = await repl.run()
        let requests = backend.requests.get()
        #expect(requests.count == 4)
        #expect(echo.runs.get().count == 2)
        // The third round's call is answered with the reason and the last request offers no tools.
        #expect(requests[3].tools.isEmpty)
        #expect(requests[3].messages.last?.content.contains("limit of 2 tool rounds") == true)
        #expect(output.text.contains("warning: the model kept calling tools: stopped after 2 rounds (tool_rounds)"))
        #expect(output.text.contains("Giving up."))
    }

    @Test func askPolicyToolsWaitForYesNoOrAlways() async throws {
        let backend = MockBackend()
        backend.enqueueCalls([call("c1", "careful", "a"), call("c2", "careful", "b")])
        backend.enqueueAnswer(["one"])
        backend.enqueueCalls([call("c3", "careful", "c"), call("c4", "careful", "d")])
        backend.enqueueAnswer(["two"])
        let careful = RecordingTool("careful", policy: .ask)
        let (repl, input, output, _) = makeToolREPL(
            ["first", "n", "a", "second"], backend: backend, tools: [careful])
        _ = await repl.run()
        // No for the first call, always for the second: the later calls run without asking.
        #expect(careful.runs.get().map { $0.objectValue?["text"]?.stringValue } == ["b", "c", "d"])
        #expect(input.prompts.get().filter { $0.hasPrefix("Run careful") } == [
            "Run careful: do a? [y]es [n]o [a]lways: ", "Run careful: do b? [y]es [n]o [a]lways: ",
        ])
        let firstResults = backend.requests.get()[1].messages.filter { $0.role == .tool }.map(\.content)
        #expect(firstResults == ["error: careful: not run: the user declined", "ran b"])
        #expect(output.text.contains("warning: careful: not run: the user declined"))
    }

    @Test func withNobodyToAskAskPolicyToolsAreRefused() async throws {
        let backend = MockBackend()
        backend.enqueueCalls([call("c1", "careful", "a")])
        backend.enqueueAnswer(["fine"])
        let careful = RecordingTool("careful", policy: .ask)
        let (repl, _, _, _) = makeToolREPL(["go"], backend: backend, tools: [careful], interactive: false)
        _ = await repl.run()
        #expect(careful.runs.get().isEmpty)
        let result = backend.requests.get()[1].messages.last?.content ?? ""
        #expect(result.hasPrefix("error: careful: not run: it needs confirmation"))
    }

    @Test func interruptingASlowToolReturnsToThePromptWithTheConversationIntact() async throws {
        let backend = MockBackend()
        backend.enqueueCalls([call("c1", "slow", "a"), call("c2", "echo", "b")])
        backend.enqueueAnswer(["after"])
        let slow = RecordingTool("slow", behaviour: .waitUntilCancelled)
        let echo = RecordingTool("echo")
        let (repl, _, output, _) = makeToolREPL(["go", "next"], backend: backend, tools: [slow, echo])
        let turns = repl.interrupter
        let interrupter = Task {
            _ = await testDoubleChanges.waitUntil(timeout: .seconds(90)) { slow.started.get() == 1 }
            turns.interrupt()
        }
        _ = await repl.run()
        _ = await interrupter.value
        // The slow call and the one after it are answered as cancelled; nothing else ran.
        #expect(echo.runs.get().isEmpty)
        let entries = repl.conversation.entries.map(\.message)
        #expect(entries.prefix(4).map(\.role) == [.user, .assistant, .tool, .tool])
        #expect(entries[2].content == "error: slow: cancelled")
        #expect(entries[3].content == "error: echo: cancelled")
        // The next message went out with the whole conversation.
        let last = try #require(backend.requests.get().last)
        #expect(last.messages.map(\.role) == [.user, .assistant, .tool, .tool, .user])
        #expect(output.text.contains("after"))
    }

    @Test func aModelWithoutToolsIsToldOnceAndTheTurnGoesOn() async throws {
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", capabilities: [.completion])
        backend.enqueueAnswer(["plain"])
        backend.enqueueAnswer(["again"])
        let (repl, _, output, _) = makeToolREPL(["hi", "more"], backend: backend, tools: [RecordingTool("echo")])
        _ = await repl.run()
        #expect(backend.requests.get().allSatisfy { $0.tools.isEmpty })
        #expect(output.text.components(separatedBy: "cannot call tools").count == 2)
        #expect(output.text.contains("again"))
    }

    @Test(arguments: [nil, [.completion, .tools]] as [ModelCapabilities?])
    func aModelThatMayCallToolsIsOfferedThem(capabilities: ModelCapabilities?) async throws {
        // nil: the server does not say what the model can do (an OpenAI-compatible one), so the
        // model has the benefit of the doubt and the server refuses tools itself if it must.
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", capabilities: capabilities)
        backend.enqueueAnswer(["plain"])
        let (repl, _, output, _) = makeToolREPL(["hi"], backend: backend, tools: [RecordingTool("echo")])
        _ = await repl.run()
        #expect(backend.requests.get().first?.tools.map(\.name) == ["echo"])
        #expect(!output.text.contains("cannot call tools"))
    }

    @Test func toolsCommandListsSwitchesAndEnablesOneByOne() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["a"])
        let (repl, input, output, _) = makeToolREPL(
            ["/tools", "/tools disable echo", "/tools", "hi", "/tools enable echo", "/tools enable nope", "/tools off"],
            backend: backend, tools: [RecordingTool("echo"), RecordingTool("careful", policy: .ask), RecordingTool("never", policy: .off)])
        _ = await repl.run()
        let text = output.text
        #expect(text.contains("Tool calling is on. 3 tools:"))
        #expect(text.contains("  echo     built-in  enabled   auto"))
        #expect(text.contains("  careful  built-in  enabled   ask"))
        #expect(text.contains("  never    built-in  disabled  off"))
        #expect(text.contains("Disabled echo."))
        #expect(text.contains("  echo     built-in  disabled  off"))
        #expect(backend.requests.get()[0].tools.map(\.name) == ["careful"])
        #expect(text.contains("Enabled echo (policy auto)."))
        #expect(text.contains("There is no tool named 'nope'."))
        #expect(text.contains("Tool calling is off."))
        #expect(!repl.settings.toolsEnabled)
        // Tab offers the tool names after enable.
        let complete = try #require(input.completion.get())
        let candidates = complete(ChatCompletionContext(line: "/tools enable ", textBeforeCursor: "/tools enable ", word: ""))
        #expect(candidates.sorted() == ["careful", "echo", "never"])
    }

    @Test func whatAToolReturnsIsSanitizedOnScreenButSentWhole() async throws {
        let backend = MockBackend()
        backend.enqueueCalls([call("c1", "echo", "\u{1B}]0;pwned\u{07}title")])
        backend.enqueueAnswer(["ok"])
        let (repl, _, output, _) = makeToolREPL(["go"], backend: backend, tools: [RecordingTool("echo")])
        _ = await repl.run()
        #expect(!output.text.contains("\u{1B}]0;"))
        #expect(output.text.contains("  → ran title"))
        #expect(backend.requests.get()[1].messages.last?.content == "ran \u{1B}]0;pwned\u{07}title")
    }

    @Test func aPolicyForAToolThatDoesNotExistIsSaidOnce() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["a"])
        backend.enqueueAnswer(["b"])
        var settings = ChatSettings(model: "llama3.2")
        settings.color = false
        settings.toolsEnabled = true
        let (repl, _, output) = makeREPL(["one", "two"], backend: backend, settings: settings)
        repl.useTools(ToolSetup(provider: TestToolProvider([RecordingTool("echo")]), policies: ["ecko": .auto, "echo": .off]))
        _ = await repl.run()
        #expect(output.text.components(separatedBy: "warning: ecko: tool_policy names it, but no tool has that name").count == 2)
        // The config's off holds: nothing is offered.
        #expect(backend.requests.get().allSatisfy { $0.tools.isEmpty })
    }

    @Test func withToolsOffNoToolsAreOffered() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["a"])
        let (repl, _, _, _) = makeToolREPL(["/tools off", "hi"], backend: backend, tools: [RecordingTool("echo")])
        _ = await repl.run()
        #expect(backend.requests.get()[0].tools.isEmpty)
    }
}
