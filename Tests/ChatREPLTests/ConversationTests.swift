import Testing
import TachikomaCore

@testable import ChatEngine
@testable import ChatREPL

@Suite struct ConversationTests {
    @Test func requestCarriesSystemPromptFirstAndTheWholeHistory() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["Hello", " there"])
        backend.enqueueAnswer(["Fine"])
        var settings = ChatSettings(model: "llama3.2", systemPrompt: "Be brief.", color: false)
        settings.options.temperature = 0.3
        let (repl, input, output) = makeREPL(["hi", "how are you?"], backend: backend, settings: settings)
        #expect(await repl.run() == 0)
        let requests = backend.requests.get()
        try #require(requests.count == 2)
        #expect(requests[1].messages == [
            .system("Be brief."), .user("hi"), .assistant("Hello there"), .user("how are you?"),
        ])
        #expect(requests[1].model == "llama3.2")
        #expect(requests[1].options.temperature == 0.3)
        #expect(requests[1].options.contextLength == nil, "num_ctx is sent only when the user set it")
        #expect(output.text.contains("Hello there\n"))
        #expect(input.history.get() == ["hi", "how are you?"])
        #expect(input.prompts.get().allSatisfy { $0 == ">>> " })
    }

    @Test func switchingModelsKeepsTheConversation() async throws {
        let backend = MockBackend()
        backend.enqueueAnswer(["One"])
        backend.enqueueAnswer(["Two"])
        let (repl, _, output) = makeREPL(["first", "/model qwen3:8b", "second"], backend: backend)
        _ = await repl.run()
        let requests = backend.requests.get()
        try #require(requests.count == 2)
        #expect(requests[0].model == "llama3.2")
        #expect(requests[1].model == "qwen3:8b")
        #expect(requests[1].messages.map(\.content) == ["first", "One", "second"])
        #expect(output.text.contains("Switched to qwen3:8b; the conversation (2 messages) goes with it."))
        #expect(repl.conversation.entries.last?.model == "qwen3:8b")
    }

    @Test func modelAcceptsTheNameWithoutLatest() async {
        let (repl, _, output) = makeREPL(["/model qwen3:8b", "/model llama3.2"])
        _ = await repl.run()
        #expect(repl.settings.model == "llama3.2:latest")
        #expect(output.text.contains("Switched to llama3.2:latest."))
    }

    @Test func modelListsTheServersModelsMarkingTheCurrentOne() async {
        let (_, _, output) = await run(["/model"])
        #expect(output.text.contains("* llama3.2:latest"))
        #expect(output.text.contains("  qwen3:8b"))
    }

    @Test func aNameDifferingOnlyInCaseSuggestsTheInstalledModelInsteadOfPulling() async {
        let backend = MockBackend()
        let (repl, input, output) = makeREPL(["/model LLAMA3.2", "/model Qwen3:8B"], backend: backend)
        _ = await repl.run()
        #expect(backend.pulled.get().isEmpty)
        #expect(!input.prompts.get().contains { $0.contains("Pull it?") })
        #expect(output.text.contains("Model 'LLAMA3.2' is not on the server; did you mean llama3.2:latest?"))
        #expect(output.text.contains("did you mean qwen3:8b?"))
        #expect(repl.settings.model == "llama3.2")
    }

    @Test func aMissingModelIsPulledWhenTheUserAgrees() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["hi"])
        let (repl, input, output) = makeREPL(["/model mistral", "y", "hello"], backend: backend)
        _ = await repl.run()
        #expect(backend.pulled.get() == ["mistral"])
        // Pulled as typed, then shown and sent as the server lists it (one spelling everywhere).
        #expect(repl.settings.model == "mistral:latest")
        #expect(backend.requests.get().first?.model == "mistral:latest")
        #expect(input.prompts.get().contains { $0.contains("Pull it? [y/N]") })
        #expect(output.text.contains("pulling manifest\n"))
        #expect(output.text.contains("pulling abc (1.0 KB)\n"))
        #expect(output.text.contains("success\n"))
    }

    @Test func aMissingModelStaysUnpulledOnNo() async {
        let backend = MockBackend()
        let (repl, _, output) = makeREPL(["/model mistral", ""], backend: backend)
        _ = await repl.run()
        #expect(backend.pulled.get().isEmpty)
        #expect(repl.settings.model == "llama3.2")
        #expect(output.text.contains("Staying with llama3.2."))
    }

    @Test func clearEmptiesTheConversationButKeepsTheSystemPrompt() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["One"])
        backend.enqueueAnswer(["Two"])
        let settings = ChatSettings(model: "m", systemPrompt: "S", color: false)
        let (repl, _, _) = makeREPL(["first", "/clear", "second"], backend: backend, settings: settings)
        _ = await repl.run()
        #expect(backend.requests.get().last?.messages == [.system("S"), .user("second")])
    }

    @Test func retryDropsTheLastAnswerAndAsksAgain() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["Bad"])
        backend.enqueueAnswer(["Good"])
        let (repl, _, _) = makeREPL(["question", "/retry"], backend: backend)
        _ = await repl.run()
        let requests = backend.requests.get()
        #expect(requests.count == 2)
        #expect(requests[1].messages == requests[0].messages)
        #expect(repl.conversation.messages.map(\.content) == ["question", "Good"])
    }

    @Test func retryWithNothingToRetrySaysSo() async {
        let backend = MockBackend()
        let (_, _, output) = await run(["/retry"], backend: backend)
        #expect(backend.requests.get().isEmpty)
        #expect(output.text.contains("Nothing to retry"))
    }

    @Test func ctrlCKeepsThePartialAnswerMarkedInterrupted() async throws {
        let backend = MockBackend()
        let (repl, _, output) = makeREPL(["tell me a story", "go on"], backend: backend, width: 80)
        let interrupter = repl.interrupter
        backend.enqueue([
            .event(.contentDelta("Once upon a ti")),
            .waitUntil { output.text.contains("Once upon a ti") },
            .run { interrupter.interrupt() },
            .hang,
        ])
        backend.enqueueAnswer(["More"])
        #expect(await repl.run() == 0)
        #expect(backend.cancelledStreams.get() == 1)
        let entries = repl.conversation.entries
        try #require(entries.count == 4)
        #expect(entries[1].message == .assistant("Once upon a ti"))
        #expect(entries[1].isInterrupted)
        #expect(!entries[3].isInterrupted)
        // Every character arrived is shown at once; the prompt then starts a fresh line after ^C.
        #expect(output.text.contains("Once upon a ti^C\n"))
        #expect(backend.requests.get()[1].messages.map(\.content) == ["tell me a story", "Once upon a ti", "go on"])
    }

    @Test func ctrlCDuringASlashCommandReturnsToThePromptKeepingTheConversation() async throws {
        let backend = MockBackend()
        // The start-up checks ask for the model's details first; /show asks next.
        backend.hangingDetailsCall.set(2)
        backend.enqueueAnswer(["first answer"])
        backend.enqueueAnswer(["second answer"])
        let (repl, input, output) = makeREPL(["first", "/show info", "second"], backend: backend)
        let interrupter = repl.interrupter
        let pressCtrlC = Task.detached {
            while backend.detailsRequests.get() < 2 { try await Task.sleep(for: .milliseconds(5)) }
            interrupter.interrupt()
        }
        #expect(await repl.run() == 0)
        try await pressCtrlC.value
        #expect(output.text.contains("^C\n"))
        #expect(!output.text.contains("error"), "a cancelled command must not report an error: \(output.text)")
        #expect(input.prompts.get().count == 4, "the chat did not go on after the interrupted command")
        #expect(backend.requests.get().last?.messages.map(\.content) == ["first", "first answer", "second"])
    }

    @Test func retryReplacesAnInterruptedAnswer() async {
        let backend = MockBackend()
        let (repl, _, output) = makeREPL(["q", "/retry"], backend: backend)
        let interrupter = repl.interrupter
        backend.enqueue([
            .event(.contentDelta("partial answer ")),
            .waitUntil { output.text.contains("partial") },
            .run { interrupter.interrupt() },
            .hang,
        ])
        backend.enqueueAnswer(["Whole answer"])
        _ = await repl.run()
        #expect(repl.conversation.entries.map(\.message.content) == ["q", "Whole answer"])
        #expect(repl.conversation.entries.allSatisfy { !$0.isInterrupted })
    }

    @Test func aFailedTurnKeepsTheUserMessageForRetry() async {
        let backend = MockBackend()
        // The hint is the backend's (Ollama's here); the chat only shows it.
        let hint = ServerHint(serverName: "Ollama", startAdvice: "Start it with `ollama serve` or set OLLAMA_HOST")
        backend.enqueue([.fail(.serviceUnavailable(url: "http://127.0.0.1:11434", reason: "connection refused", hint: hint))])
        backend.enqueueAnswer(["Back"])
        let (repl, _, output) = makeREPL(["hello", "/retry"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("error: could not connect to Ollama at http://127.0.0.1:11434"))
        #expect(output.text.contains("/retry resends your message"))
        #expect(backend.requests.get().map { $0.messages.map(\.content) } == [["hello"], ["hello"]])
        #expect(repl.conversation.messages.map(\.content) == ["hello", "Back"])
    }

    @Test func anErrorMidStreamKeepsThePartMarkedInterrupted() async throws {
        let backend = MockBackend()
        backend.enqueue([.event(.contentDelta("Half an ")), .fail(.api(status: 500, message: "runner crashed"))])
        let (repl, _, output) = makeREPL(["hello"], backend: backend, width: 80)
        _ = await repl.run()
        #expect(output.text.contains("Half an \nerror: server error (HTTP 500): runner crashed\n"))
        let last = try #require(repl.conversation.entries.last)
        #expect(last.isInterrupted)
        #expect(last.message.content == "Half an ")
    }

    @Test func aStreamWithoutDoneIsReportedAsEndedEarly() async {
        let backend = MockBackend()
        backend.enqueue([.event(.contentDelta("cut"))])
        let (_, _, output) = await run(["hello"], backend: backend)
        #expect(output.text.contains("the answer stopped before the server finished"))
    }

    @Test func aMissingModelSuggestsModelAndPulling() async {
        let backend = MockBackend()
        backend.enqueue([.fail(.modelNotFound(model: "nope", message: "model \"nope\" not found"))])
        let (_, _, output) = await run(["hello"], backend: backend)
        #expect(output.text.contains("/model lists the models there, /model nope pulls it"))
    }

    @Test func thinkingIsShownApartAndKeptInTheMessage() async throws {
        let backend = MockBackend()
        let done = CompletionResponse(model: "m", content: "", finishReason: .stop, usage: Usage(promptTokens: 1, completionTokens: 1))
        backend.enqueue([
            .event(.thinkingDelta("Let me ")), .event(.thinkingDelta("think.")), .event(.contentDelta("Answer.")),
            .event(.done(done)),
        ])
        let (repl, _, output) = makeREPL(["q"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("Thinking...\nLet me think.\n...done thinking.\n\nAnswer.\n"))
        let answer = try #require(repl.conversation.lastAnswer)
        #expect(answer.message.thinking == "Let me think.")
        #expect(answer.message.content == "Answer.")
    }

    @Test func thinkingIsDimmedWhenColourIsOn() async {
        let backend = MockBackend()
        backend.enqueue([.event(.thinkingDelta("hmm")), .event(.contentDelta("ok")), .event(.done(CompletionResponse(model: "m", content: "", finishReason: .stop)))])
        let settings = ChatSettings(model: "m", color: true)
        let (_, _, output) = await run(["q"], backend: backend, settings: settings)
        #expect(output.text.contains("\u{1B}[90mhmm\u{1B}[0m"))
        #expect(output.text.contains("\u{1B}[90m...done thinking.\u{1B}[0m"))
    }

    @Test func eachEventIsOneWrite() async {
        let (_, _, idle) = await run([])
        let backend = MockBackend()
        backend.enqueueAnswer(["a ", "b ", "c ", "d"])
        let (_, _, busy) = await run(["go"], backend: backend)
        // Four deltas, the end of the answer's line, the blank line after it.
        #expect(busy.writes.get() - idle.writes.get() == 6)
    }

    @Test func wrapsAnswersAtTheTerminalWidth() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["alpha beta gam", "ma delta epsilon"])
        let (_, _, output) = await run(["q"], backend: backend, width: 12)
        var screen = ScreenModel(width: 12)
        screen.play(output.text)
        #expect(screen.text.joined(separator: "\n").contains("alpha beta\ngamma delta\nepsilon\n"))
    }

    @Test func nowordwrapPassesAnswersThrough() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["alpha beta gamma delta"])
        let (_, _, output) = await run(["/set nowordwrap", "q"], backend: backend, width: 12)
        #expect(output.text.contains("alpha beta gamma delta\n"))
    }

    @Test func unreachableServerWarnsAndStillStarts() async {
        let backend = MockBackend()
        backend.healthy = false
        backend.enqueueAnswer(["later"])
        let (_, _, output) = await run(["hello"], backend: backend)
        #expect(output.text.contains("warning: could not connect"))
        #expect(output.text.contains("the next message will try again"))
        #expect(backend.requests.get().count == 1)
    }

    @Test func bannerNamesModelAndServerVersion() async {
        let (_, _, output) = await run([])
        #expect(output.text.hasPrefix("tachikoma · llama3.2\nServer 0.12.6. Type /? for help"))
    }

    @Test func ctrlCAtThePromptHintsAndCtrlDExits() async {
        let input = ScriptedInput(events: [.interrupted, .endOfFile, .text("never")])
        let output = CapturingOutput()
        let repl = ChatREPL(backend: MockBackend(), settings: ChatSettings(model: "m", color: false), input: input, output: output, handlesSignals: false, startupTimeout: inProcessStartupTimeout)
        #expect(await repl.run() == 0)
        #expect(output.text.contains("Use Ctrl-D or /bye to exit."))
        #expect(input.prompts.get().count == 2)
    }

    func run(_ lines: [String], backend: MockBackend = MockBackend(), settings: ChatSettings? = nil, width: Int? = nil) async -> (ChatREPL, ScriptedInput, CapturingOutput) {
        let made = makeREPL(lines, backend: backend, settings: settings, width: width)
        _ = await made.0.run()
        return made
    }
}

@Suite struct PipedInputTests {
    @Test func pipedInputGetsAnswersWithoutABanner() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["Answer."])
        let (repl, input, output) = makeREPL(["question"], backend: backend)
        input.isInteractive = false
        #expect(await repl.run() == 0)
        #expect(output.text == "Answer.\n\n")
    }
}
