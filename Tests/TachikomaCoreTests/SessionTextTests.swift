import Foundation
import TachikomaCore
import Testing

/// What `tachikoma sessions`, `history` and `search` print, from stored values.
@Suite struct SessionTextTests {
    static let utc = TimeZone(identifier: "UTC")!

    static func instant(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_795_000_000 + seconds) }

    static func stored(
        _ id: Int64, _ message: Message, model: String? = nil, at seconds: Double, usage: Usage? = nil,
        interrupted: Bool = false
    ) -> StoredMessage {
        StoredMessage(
            id: StoredMessageID(rawValue: id), sessionID: SessionID(rawValue: 1), message: message, model: model,
            createdAt: instant(seconds), completedAt: instant(seconds), usage: usage, isInterrupted: interrupted)
    }

    /// A session with starting settings, a thought-out answer, a model switch and an interrupted answer.
    static func sample(name: String = "sky") -> SessionTranscript {
        let session = Session(id: SessionID(rawValue: 1), name: name, createdAt: instant(0), lastUsedAt: instant(90))
        let usage = Usage(completionTokens: 298, evalDuration: .milliseconds(4700))
        return SessionTranscript(
            session: session,
            events: [
                .setting(StoredSettingChange(change: .model("llama3.1:8b"), recordedAt: instant(0))),
                .setting(StoredSettingChange(change: .systemPrompt("Be terse."), recordedAt: instant(0))),
                .message(stored(1, .user("why is the sky blue?\nbriefly"), at: 1)),
                .message(
                    stored(
                        2, Message(role: .assistant, content: "Rayleigh scattering.", thinking: "short waves scatter more"),
                        model: "llama3.1:8b", at: 5, usage: usage)),
                .setting(StoredSettingChange(change: .model("qwen3:4b"), recordedAt: instant(60))),
                .message(stored(3, .user("and at sunset?"), at: 61)),
                .message(stored(4, .assistant("Longer pa"), model: "qwen3:4b", at: 62, interrupted: true)),
            ])
    }

    /// Issue 20: settings read as `/set` takes them, in /history, `tachikoma history` and Markdown
    /// exports, never as the stored JSON.
    @Test func settingsAppearByTheirSetNames() {
        var options = GenerationOptions(temperature: 0.2, topK: 40, stop: ["User:", "a\"b"], contextLength: 8192)
        options.extraOptions["num_gpu"] = 0
        let events: [SessionEvent] = [
            .setting(StoredSettingChange(change: .options(options), recordedAt: Self.instant(0))),
            .setting(StoredSettingChange(change: .think(.level("high")), recordedAt: Self.instant(0))),
            .message(Self.stored(1, .user("hi"), at: 1)),
            .setting(StoredSettingChange(change: .options(GenerationOptions()), recordedAt: Self.instant(2))),
            .setting(StoredSettingChange(change: .think(.enabled(false)), recordedAt: Self.instant(2))),
        ]
        let transcript = SessionTranscript(
            session: Session(id: SessionID(rawValue: 1), name: "s", createdAt: Self.instant(0), lastUsedAt: Self.instant(2)),
            events: events)
        for text in [TranscriptText.render(transcript, timeZone: Self.utc), MarkdownTranscript.render(transcript)] {
            #expect(text.contains(#"Options: temperature 0.2, top_k 40, num_ctx 8192, stop "User:" "a\"b", num_gpu 0"#), "\(text)")
            #expect(text.contains("Thinking: high"))
            #expect(text.contains("Options: model defaults"))
            #expect(text.contains("Thinking: off"))
            #expect(!text.contains("extraOptions") && !text.contains("{\"") && !text.contains("level("))
        }
    }

    @Test func theSessionTableHasOllamasColumns() {
        let summary = SessionSummary(
            session: Self.sample().session, models: ["llama3.1:8b", "qwen3:4b"], messageCount: 4)
        let empty = SessionSummary(
            session: Session(id: SessionID(rawValue: 2), name: "new", createdAt: Self.instant(0), lastUsedAt: Self.instant(0)),
            models: [], messageCount: 0)
        let table = SessionListing.table([summary, empty], now: Self.instant(90 + 7200))
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("NAME    MODELS"))
        #expect(lines[0].hasSuffix("MESSAGES    LAST USED"))
        #expect(lines[1].hasPrefix("sky     llama3.1:8b, qwen3:4b    4 "))
        #expect(lines[1].hasSuffix("2 hours ago"))
        #expect(lines[2].hasPrefix("new     -    "))
        #expect(SessionListing.table([]) == "NAME    MODELS    MESSAGES    LAST USED\n")
        // Columns are measured in cells, after the names are cleaned.
        var wide = empty
        wide.session.name = "空の色\u{1B}[2J"
        let aligned = SessionListing.table(
            [wide, summary], now: Self.instant(0), clean: { $0.replacingOccurrences(of: "\u{1B}[2J", with: "") })
        #expect(aligned.contains("空の色    -"))
        #expect(aligned.contains("sky       llama3.1:8b"))
    }

    @Test func theSessionJSONNamesEveryField() throws {
        let summary = SessionSummary(session: Self.sample().session, models: ["llama3.1:8b"], messageCount: 4)
        guard case .array(let rows) = SessionListing.json([summary]), let row = rows.first?.objectValue else {
            Issue.record("not an array of objects")
            return
        }
        #expect(row["name"] == .string("sky"))
        #expect(row["models"] == .array([.string("llama3.1:8b")]))
        #expect(row["messages"] == .number(4))
        #expect(row["lastUsedAt"] == .string("2026-11-18T11:08:10.000Z"))
        #expect(row["createdAt"] == .string("2026-11-18T11:06:40.000Z"))
    }

    @Test func historyShowsRolesModelsSettingsAndFoldsThinking() {
        let text = TranscriptText.render(Self.sample(), timeZone: Self.utc)
        #expect(
            text == """
                sky
                created 2026-11-18 11:06, last used 2026-11-18 11:08, 4 messages

                · Model: llama3.1:8b
                · System prompt: Be terse.

                [1] >>> why is the sky blue?
                    ... briefly

                llama3.1:8b · 298 tokens · 63.4 tokens/s
                [thinking folded: 4 words]
                Rayleigh scattering.

                · Model: qwen3:4b

                [2] >>> and at sunset?

                qwen3:4b
                Longer pa
                [interrupted]

                """)
        #expect(!text.contains("short waves"))
    }

    @Test func historyShowsToolCallsAndTheirResults() {
        let call = ToolCall(id: "1", name: "get_time", arguments: ["zone": "UTC"])
        let session = Session(id: SessionID(rawValue: 1), name: "t", createdAt: Self.instant(0), lastUsedAt: Self.instant(0))
        let text = TranscriptText.render(
            SessionTranscript(
                session: session,
                events: [
                    .message(Self.stored(1, .user("time?"), at: 0)),
                    .message(Self.stored(2, Message(role: .assistant, content: "", toolCalls: [call]), model: "m", at: 1)),
                    .message(Self.stored(3, Message(role: .tool, content: "12:00", toolName: "get_time"), at: 2)),
                ]), timeZone: Self.utc)
        #expect(text.contains("m\n[calls get_time {\"zone\":\"UTC\"}]\n"))
        #expect(text.contains("[tool result: get_time]\n12:00\n"))
        #expect(text.contains("3 messages"))
    }

    @Test func searchShowsSessionRoleDateAndASnippetOnOneLine() throws {
        let hits = [
            SearchHit(
                sessionID: SessionID(rawValue: 1), sessionName: "sky",
                message: Self.stored(2, .assistant("Rayleigh scattering."), model: "llama3.1:8b", at: 5),
                snippet: [
                    SnippetFragment(text: "…the ", isMatch: false), SnippetFragment(text: "sky", isMatch: true),
                    SnippetFragment(text: "\nis blue", isMatch: false),
                ]),
            SearchHit(
                sessionID: SessionID(rawValue: 1), sessionName: "sky", message: Self.stored(1, .user("sky?"), at: 1),
                snippet: [SnippetFragment(text: "sky", isMatch: true), SnippetFragment(text: "?", isMatch: false)]),
        ]
        #expect(
            SearchResultsText.render(hits, timeZone: Self.utc) == """
                2026-11-18 11:06  sky  (assistant, llama3.1:8b)
                    …the sky is blue
                2026-11-18 11:06  sky  (user)
                    sky?

                """)
        guard case .array(let rows) = SearchResultsText.json(hits) else {
            Issue.record("not an array")
            return
        }
        #expect(rows.first?.objectValue?["session"] == .string("sky"))
        #expect(rows.first?.objectValue?["model"] == .string("llama3.1:8b"))
        #expect(rows.first?.objectValue?["content"] == .string("Rayleigh scattering."))
        #expect(rows.last?.objectValue?["model"] == .null)
        #expect(rows.last?.objectValue?["role"] == .string("user"))
    }
}
