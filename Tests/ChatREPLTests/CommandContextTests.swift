import TachikomaCore
import Testing

@testable import ChatEngine
@testable import ChatREPL

/// Commands run against a `CommandContext` assembled here, with no `ChatREPL`: an in-memory session,
/// a screen that captures what is written, a scripted prompt and a stand-in for the chat's turns.
@Suite struct CommandContextTests {
    /// Stands in for the chat's turn rendering: notes each answer asked for.
    final class RecordedAnswers: AnswerGenerating, @unchecked Sendable {
        /// For each answer asked for, the content of the answer it continues; nil for a new one.
        let requests = Locked<[String?]>([])

        func generateAnswer(continuing: ConversationEntry?) async {
            requests.update { $0.append(continuing?.message.content) }
        }
    }

    /// A session not saved anywhere, holding two exchanges.
    static func session() -> ChatSession {
        var settings = ChatSettings(model: "llama3.2")
        settings.color = false
        let session = ChatSession(backend: MockBackend(), conversation: Conversation(settings: settings), saving: .off)
        for (question, answer) in [("first", "one"), ("second", "two")] {
            session.record(.userMessage(.user(question)))
            session.record(.answerBegan)
            session.record(.answerEnded(.assistant(answer), usage: nil, interrupted: false))
        }
        return session
    }

    static func context(
        _ session: ChatSession, answers: any AnswerGenerating = RecordedAnswers(), input: ScriptedInput = ScriptedInput([])
    ) -> (CommandContext, CapturingOutput) {
        let output = CapturingOutput()
        let interrupter = TurnInterrupter()
        let screen = Screen(output: OutputGate(output), colored: { false })
        let context = CommandContext(
            session: session, screen: screen, prompt: Prompt(reader: InputReader(input), input: input, interrupter: interrupter),
            history: InputHistory(input: input, session: session, screen: screen),
            work: InterruptibleWork(screen: screen, interrupter: interrupter, input: input, handlesSignals: false),
            answers: answers, servers: ServerSelection(nil, timeout: .seconds(1)), carryOver: ParameterCarryOver(session: session),
            modelNames: ModelNameCache(backend: nil), contextWindow: ContextWindowKnowledge(session: session),
            compareMode: CompareMode(), commands: .builtin)
        return (context, output)
    }

    /// Runs `line` as the chat would: the command found in the table, its action given the context.
    static func run(_ line: String, in context: CommandContext) async throws -> CommandOutcome {
        let parsed = try #require(ParsedCommand(line))
        let command = try #require(CommandTable.builtin.lookup(parsed.name))
        return await command.action(context, parsed)
    }

    @Test func undoAndBranchesRunWithoutAChat() async throws {
        let session = Self.session()
        let (context, output) = Self.context(session)
        #expect(try await Self.run("/undo", in: context) == .continue)
        #expect(session.conversation.entries.map(\.message.content) == ["first", "one"])
        #expect(output.text == "Took back 1 exchange, 2 messages; they stay on branch 1 (/branch 1 goes back).\n")
        #expect(try await Self.run("/branches", in: context) == .continue)
        #expect(output.text.contains("1  main line · 4 messages · \"second\""))
        #expect(try await Self.run("/branch 1", in: context) == .continue)
        #expect(session.conversation.entries.map(\.message.content) == ["first", "one", "second", "two"])
    }

    @Test func retryAsksTheContextForAnAnswer() async throws {
        let session = Self.session()
        let answers = RecordedAnswers()
        let (context, output) = Self.context(session, answers: answers)
        #expect(try await Self.run("/retry", in: context) == .continue)
        #expect(answers.requests.get() == [nil])
        #expect(session.conversation.entries.map(\.message.content) == ["first", "one", "second"], "the answer stays as a branch")
        #expect(output.text.isEmpty)
    }

    @Test func aSettingChangedByACommandIsRecordedInTheSession() async throws {
        let session = Self.session()
        let (context, output) = Self.context(session)
        #expect(try await Self.run("/system Be brief.", in: context) == .continue)
        #expect(session.settings.systemPrompt == "Be brief.")
        #expect(try await Self.run("/set temperature 0.2", in: context) == .continue)
        #expect(session.settings.options.temperature == 0.2)
        #expect(output.text == "Set system message.\nSet parameter 'temperature' to '0.2'\n")
    }
}
