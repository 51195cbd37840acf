import Foundation
import SessionStore
import TachikomaCore
import Testing

/// What every `SessionStoring` must do, checked on SQLite and on the in-memory double alike.
@Suite struct StoreContractTests {
    static let usage = Usage(
        promptTokens: 26, completionTokens: 298, totalDuration: .nanoseconds(4_825_100_000),
        loadDuration: .milliseconds(12), promptEvalDuration: .milliseconds(80), evalDuration: .nanoseconds(4_700_000_123))

    /// Records a session of every kind of event; returns what loading it must give back.
    static func recordSample(in store: any SessionStoring) throws -> (Session, [SessionEvent]) {
        let options = GenerationOptions(temperature: 0.2, seed: 7, contextLength: 8192)
        let session = try store.createSession(
            NewSession(
                name: "sky", firstUserText: "Why is the sky blue?",
                settings: [.model("llama3.1:8b"), .systemPrompt("Be brief."), .options(options)], createdAt: instant(0)))
        let question = try store.appendMessage(
            .user("Why is the sky blue?"), to: session.id, model: nil, usage: nil, interrupted: false, at: instant(1))
        let answerID = try store.beginAnswer(in: session.id, model: "llama3.1:8b", at: instant(2))
        try store.saveProgress(of: answerID, content: "Rayleigh", thinking: "hmm")
        let call = ToolCall(id: "call_1", name: "lookup", arguments: ["term": "Rayleigh", "depth": 2])
        let answer = try store.finishAnswer(
            answerID, with: .assistant("Rayleigh scattering.", thinking: "hmm, physics", toolCalls: [call]),
            usage: usage, interrupted: false, at: instant(3))
        let tool = try store.appendMessage(
            .tool("{\"ok\":true}", name: "lookup", callID: "call_1"), to: session.id, model: nil, usage: nil, interrupted: false,
            at: instant(4))
        try store.recordSetting(.model("qwen3:4b"), in: session.id, at: instant(5))
        try store.recordSetting(.think(.level("high")), in: session.id, at: instant(5))
        try store.recordSetting(.format(.schema(["type": "object"])), in: session.id, at: instant(5))
        let cut = try store.beginAnswer(in: session.id, model: "qwen3:4b", at: instant(6))
        let cutAnswer = try store.finishAnswer(
            cut, with: .assistant("Because"), usage: nil, interrupted: true, at: instant(7))

        let setting = { (change: SettingChange, at: Int64) in
            SessionEvent.setting(StoredSettingChange(change: change, recordedAt: instant(at)))
        }
        let expected: [SessionEvent] = [
            setting(.model("llama3.1:8b"), 0), setting(.systemPrompt("Be brief."), 0), setting(.options(options), 0),
            .message(question), .message(answer), .message(tool),
            setting(.model("qwen3:4b"), 5), setting(.think(.level("high")), 5),
            setting(.format(.schema(["type": "object"])), 5), .message(cutAnswer),
        ]
        return (session, expected)
    }

    @Test(arguments: StoreKind.allCases)
    func aSessionComesBackExactlyAsRecorded(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, expected) = try Self.recordSample(in: store)
            let loaded = try store.loadSession(named: "SKY")
            #expect(loaded.session.id == session.id)
            #expect(loaded.session.name == "sky")
            #expect(loaded.session.lastUsedAt == instant(7))
            #expect(loaded.events == expected)
            #expect(loaded.messages.map(\.message.role) == [.user, .assistant, .tool, .assistant])
            #expect(loaded.messages[1].usage == Self.usage)
            #expect(loaded.messages[1].completedAt == instant(3))
            #expect(loaded.messages[3].isInterrupted)
            #expect(loaded.finalSettings.model == "qwen3:4b")
            #expect(loaded.finalSettings.systemPrompt == "Be brief.")
            #expect(loaded.userTurns.map(\.settings.model) == ["llama3.1:8b"])
            #expect(try store.latestSession()?.session.id == session.id)
        }
    }

    /// The sample, then an answer that stops at the server's length limit.
    static func recordSampleCutAtTheLengthLimit(in store: any SessionStoring) throws -> (Session, StoredMessageID) {
        let (session, _) = try recordSample(in: store)
        let answerID = try store.beginAnswer(in: session.id, model: "qwen3:4b", at: instant(8))
        _ = try store.finishAnswer(answerID, with: .assistant("The sky is"), usage: nil, interrupted: false, at: instant(9))
        try store.markReachedLengthLimit(answerID)
        return (session, answerID)
    }

    /// An answer cut by the length limit keeps that mark across a reload, so `/continue` works after
    /// `--resume`; a continuation that ends clears it, and an interrupted answer never takes it.
    @Test(arguments: StoreKind.allCases)
    func theLengthLimitMarkIsSavedAndClearedByTheNextEnd(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, answerID) = try Self.recordSampleCutAtTheLengthLimit(in: store)
            var last = try #require(try store.loadSession(id: session.id).messages.last)
            #expect(last.id == answerID)
            #expect(last.reachedLengthLimit)
            #expect(!last.isInterrupted)

            _ = try store.finishAnswer(answerID, with: .assistant("The sky is blue."), usage: nil, interrupted: false, at: instant(10))
            last = try #require(try store.loadSession(id: session.id).messages.last)
            #expect(!last.reachedLengthLimit && !last.isInterrupted)

            let cut = try #require(try store.loadSession(id: session.id).messages.first { $0.isInterrupted })
            try store.markReachedLengthLimit(cut.id)
            let again = try #require(try store.loadSession(id: session.id).messages.first { $0.id == cut.id })
            #expect(again.isInterrupted && !again.reachedLengthLimit)

            #expect(throws: SessionStoreError.unknownMessage(id: StoredMessageID(rawValue: 9_999))) {
                try store.markReachedLengthLimit(StoredMessageID(rawValue: 9_999))
            }
        }
    }

    /// The mark goes through an export and an import, and `history` and Markdown exports show it.
    @Test(arguments: StoreKind.allCases)
    func theLengthLimitMarkTravelsAndShows(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, answerID) = try Self.recordSampleCutAtTheLengthLimit(in: store)
            let transcript = try store.loadSession(id: session.id)
            #expect(transcript.messages.last?.id == answerID)
            let json = String(decoding: try SessionExport.data(transcript, format: .json), as: UTF8.self)
            #expect(json.components(separatedBy: "\"reachedLengthLimit\"").count == 2, "once, on the cut answer")
            let imported = try store.importSession(try SessionArchive.decode(Data(json.utf8), path: "sky.json"))
            #expect(try store.loadSession(id: imported.id).messages.last?.reachedLengthLimit == true)

            let text = TranscriptText.render(transcript)
            #expect(text.contains("The sky is\n[cut at the length limit]\n"))
            let markdown = String(decoding: try SessionExport.data(transcript, format: .markdown), as: UTF8.self)
            #expect(markdown.contains("*cut at the length limit*"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theListShowsModelsCountsAndTheLatestFirst(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (sample, _) = try Self.recordSample(in: store)
            let other = try store.createSession(NewSession(firstUserText: "hello there", createdAt: instant(100)))
            _ = try store.appendMessage(.user("hello there"), to: other.id, model: nil, usage: nil, interrupted: false, at: instant(101))
            let list = try store.listSessions()
            #expect(list.map(\.session.id) == [other.id, sample.id])
            #expect(list[1].models == ["llama3.1:8b", "qwen3:4b"])
            #expect(list[1].messageCount == 4)
            #expect(list[0].models.isEmpty)
            #expect(list[0].messageCount == 1)

            // Marking the older one used (/load, --resume) makes it the latest; an earlier date changes nothing.
            try store.markUsed(sample.id, at: instant(200))
            #expect(try store.listSessions().map(\.session.id) == [sample.id, other.id])
            #expect(try store.latestSession()?.session.id == sample.id)
            try store.markUsed(other.id, at: instant(150))
            #expect(try store.latestSession()?.session.id == sample.id)
            #expect(throws: SessionStoreError.self) { try store.markUsed(SessionID(rawValue: 9999), at: instant(300)) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func namesAreAutomaticUniqueAndRenamable(kind: StoreKind) throws {
        try withStore(kind) { store in
            let first = try store.createSession(NewSession(firstUserText: "Tell me a joke", createdAt: instant(0)))
            let second = try store.createSession(NewSession(firstUserText: "tell me a joke", createdAt: instant(0)))
            let day = SessionName.automatic(firstUserText: "x", date: instant(0)).prefix(10)
            #expect(first.name == "\(day) Tell me a joke")
            #expect(second.name == "\(day) tell me a joke (2)")

            let renamed = try store.renameSession(second.id, to: "  jokes  ")
            #expect(renamed.name == "jokes")
            #expect(throws: SessionStoreError.nameTaken(name: "jokes")) {
                try store.renameSession(first.id, to: "JOKES")
            }
            #expect(throws: SessionStoreError.nameTaken(name: "jokes")) {
                try store.createSession(NewSession(name: "Jokes", firstUserText: "x"))
            }
            #expect(throws: SessionStoreError.invalidName(name: " ", reason: "it is empty")) {
                try store.renameSession(first.id, to: " ")
            }
            #expect(throws: SessionStoreError.sessionNotFound(name: "nope")) { try store.loadSession(named: "nope") }

            try store.deleteSession(named: "Jokes")
            #expect(throws: SessionStoreError.sessionNotFound(name: "jokes")) { try store.loadSession(named: "jokes") }
            #expect(try store.listSessions().map(\.session.id) == [first.id])
            #expect(throws: SessionStoreError.sessionNotFound(name: "jokes")) { try store.deleteSession(named: "jokes") }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func searchFindsWordsAcrossSessionsNewestFirst(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sky = try store.createSession(NewSession(name: "sky", firstUserText: "", createdAt: instant(0)))
            let sea = try store.createSession(NewSession(name: "sea", firstUserText: "", createdAt: instant(0)))
            _ = try store.appendMessage(.user("Why is the sky blue?"), to: sky.id)
            _ = try store.appendMessage(.assistant("Rayleigh scattering makes the sky blue."), to: sky.id, model: "m")
            _ = try store.appendMessage(.user("Is the sea blue because of the sky?"), to: sea.id)
            let answer = try store.beginAnswer(in: sea.id, model: "m")
            try store.saveProgress(of: answer, content: "Partly: water absorbs red light.", thinking: nil)

            let hits = try store.search("sky blue")
            #expect(hits.map(\.sessionName) == ["sea", "sky", "sky"])
            #expect(hits[0].message.message.content == "Is the sea blue because of the sky?")
            #expect(hits[0].snippet.filter(\.isMatch).map { $0.text.lowercased() }.sorted() == ["blue", "sky"])
            #expect(try store.search("absorbs").map(\.message.id) == [answer])
            #expect(try store.search("RAYLEIGH").count == 1)
            #expect(try store.search("sky", limit: 1).count == 1)
            #expect(try store.search("\"(* -").isEmpty)
            #expect(try store.search("purple").isEmpty)

            try store.deleteSession(named: "sea")
            #expect(try store.search("sky blue").map(\.sessionName) == ["sky", "sky"])
            #expect(try store.search("absorbs").isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anExportedSessionImportsAsItWas(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (_, expected) = try Self.recordSample(in: store)
            let transcript = try store.loadSession(named: "sky")
            let data = try SessionExport.data(transcript, format: .json)
            let archive = try SessionArchive.decode(data, path: "sky.json")
            #expect(archive == SessionArchive(transcript))

            let imported = try store.importSession(archive)
            #expect(imported.name == "sky (2)")
            let reloaded = try store.loadSession(id: imported.id)
            #expect(reloaded.session.createdAt == transcript.session.createdAt)
            #expect(reloaded.session.lastUsedAt == transcript.session.lastUsedAt)
            #expect(SessionArchive(reloaded).events == SessionArchive(transcript).events)
            #expect(reloaded.events.count == expected.count)
        }
    }
}
