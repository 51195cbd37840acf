import Foundation
import SessionStore
import TachikomaCore
import Testing

/// Export files: Markdown to read, JSON to import back; anything else that is imported is refused
/// with one line.
@Suite struct ExportTests {
    @Test func exportWritesMarkdownOrJSONByExtensionAndImportReadsItBack() throws {
        try withTemporaryFolder { folder in
            let store = try SQLiteSessionStore(path: databasePath(in: folder))
            _ = try StoreContractTests.recordSample(in: store)
            let transcript = try store.loadSession(named: "sky")

            try SessionExport.write(transcript, to: folder + "/sky.md")
            let markdown = try String(contentsOfFile: folder + "/sky.md", encoding: .utf8)
            #expect(markdown.hasPrefix("# sky\n"))
            #expect(markdown.contains("## Assistant (llama3.1:8b)\n"))
            #expect(markdown.contains("<details><summary>Thinking</summary>"))
            #expect(markdown.contains("*298 tokens · 63.4 tokens/s*"))
            #expect(markdown.contains("*interrupted*"))
            #expect(markdown.contains("_Model: qwen3:4b_"))

            try SessionExport.write(transcript, to: folder + "/sky.JSON")
            let archive = try SessionExport.read(from: folder + "/sky.JSON")
            let other = try SQLiteSessionStore(path: folder + "/other/tachikoma.sqlite")
            let imported = try other.importSession(archive)
            #expect(imported.name == "sky")
            #expect(SessionArchive(try other.loadSession(named: "sky")) == SessionArchive(transcript))
        }
    }

    @Test func theJSONShapeIsTheDocumentedOne() throws {
        let session = Session(id: SessionID(rawValue: 1), name: "n", createdAt: instant(0), lastUsedAt: instant(1))
        let message = StoredMessage(
            id: StoredMessageID(rawValue: 1), sessionID: session.id, message: .user("hi"), createdAt: instant(1),
            completedAt: instant(1))
        let transcript = SessionTranscript(
            session: session,
            events: [.setting(StoredSettingChange(change: .think(.enabled(true)), recordedAt: instant(0))), .message(message)])
        let json = try #require(
            try JSONSerialization.jsonObject(with: SessionExport.data(transcript, format: .json)) as? [String: Any])
        #expect(json["format"] as? String == "tachikoma-session")
        #expect(json["version"] as? Int == 2)
        // The tree is said outright: the first message's parent is null, the head its number.
        #expect(json["head"] as? Int == 1)
        let head = try #require(json["session"] as? [String: Any])
        #expect(head["createdAt"] as? String == "2025-11-26T20:46:40.000Z")
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["type"] as? String } == ["setting", "message"])
        let change = try #require(events[0]["change"] as? [String: Any])
        #expect(change["kind"] as? String == "think")
        #expect(change["value"] as? Bool == true)
        #expect(events[1]["role"] as? String == "user")
        #expect(events[1]["parent"] is NSNull)
        #expect(events[0]["parent"] == nil)
    }

    @Test(arguments: [
        ("[1, 2]", "it is not a JSON object"),
        ("{\"hello\": 1}", "\"format\" is not \"tachikoma-session\""),
        ("{\"format\": \"tachikoma-session\"}", "\"version\" is missing"),
        ("{\"format\": \"tachikoma-session\", \"version\": 9}", "version 9 is newer than this Tachikoma reads (2)"),
        ("{\"format\": \"tachikoma-session\", \"version\": 1}", "session is missing"),
        (
            "{\"format\": \"tachikoma-session\", \"version\": 1, \"session\": {\"name\": \"n\", \"createdAt\": \"x\", \"lastUsedAt\": \"x\"}, \"events\": []}",
            "session \"createdAt\" \"x\" is not an ISO 8601 time"
        ),
        (
            "{\"format\": \"tachikoma-session\", \"version\": 1, \"session\": {\"name\": \"n\", \"createdAt\": \"2026-01-01T00:00:00Z\", \"lastUsedAt\": \"2026-01-01T00:00:00Z\"}, \"events\": [{\"type\": \"note\"}]}",
            "event 1 has \"type\" \"note\" (expected \"message\" or \"setting\")"
        ),
        (
            "{\"format\": \"tachikoma-session\", \"version\": 2, \"session\": {\"name\": \"n\", \"createdAt\": \"2026-01-01T00:00:00Z\", \"lastUsedAt\": \"2026-01-01T00:00:00Z\"}, \"events\": [{\"type\": \"setting\", \"recordedAt\": \"2026-01-01T00:00:00Z\", \"change\": {\"kind\": \"model\", \"value\": \"m\"}}, {\"type\": \"message\", \"role\": \"user\", \"content\": \"a\", \"createdAt\": \"2026-01-01T00:00:00Z\", \"parent\": null}, {\"type\": \"message\", \"role\": \"user\", \"content\": \"b\", \"createdAt\": \"2026-01-01T00:00:00Z\", \"parent\": 2}], \"head\": 1}",
            "event 3 has \"parent\" 2, which is not an earlier message's number"
        ),
        (
            "{\"format\": \"tachikoma-session\", \"version\": 2, \"session\": {\"name\": \"n\", \"createdAt\": \"2026-01-01T00:00:00Z\", \"lastUsedAt\": \"2026-01-01T00:00:00Z\"}, \"events\": [{\"type\": \"message\", \"role\": \"user\", \"content\": \"a\", \"createdAt\": \"2026-01-01T00:00:00Z\", \"parent\": null}], \"head\": 2}",
            "\"head\" 2 is not a message's number (the export has 1 message)"
        ),
    ])
    func aFileThatIsNotOurJSONIsRefusedWithOneLine(text: String, reason: String) throws {
        let error = #expect(throws: SessionStoreError.self) {
            try SessionArchive.decode(Data(text.utf8), path: "in.json")
        }
        #expect(error == .notAnExport(path: "in.json", reason: reason))
        #expect(error?.description.contains("\n") == false)
    }

    @Test func exportPathsThatCannotWorkAreRefusedByName() throws {
        try withTemporaryFolder { folder in
            let session = Session(id: SessionID(rawValue: 1), name: "n", createdAt: instant(0), lastUsedAt: instant(0))
            let transcript = SessionTranscript(session: session, events: [])
            #expect(throws: SessionStoreError.unsupportedExportFormat(path: folder + "/x.txt")) {
                try SessionExport.write(transcript, to: folder + "/x.txt")
            }
            let error = #expect(throws: SessionStoreError.self) {
                try SessionExport.write(transcript, to: folder + "/missing/x.md")
            }
            guard case .cannotWriteExport(let path, _)? = error else {
                Issue.record("expected .cannotWriteExport, got \(String(describing: error))")
                return
            }
            #expect(path == folder + "/missing/x.md")
            let missing = #expect(throws: SessionStoreError.self) { try SessionExport.read(from: folder + "/none.json") }
            guard case .notAnExport(let readPath, _)? = missing else {
                Issue.record("expected .notAnExport, got \(String(describing: missing))")
                return
            }
            #expect(readPath == folder + "/none.json")
        }
    }

    @Test func automaticNamesUseTheDateAndTheFirstWords() {
        let utc = TimeZone(secondsFromGMT: 0) ?? .current
        let date = Date(millisecondsSince1970: 1_764_190_000_000)
        #expect(SessionName.automatic(firstUserText: "  Why is\tthe sky\nblue, today and always? ", date: date, timeZone: utc)
            == "2025-11-26 Why is the sky blue, today")
        #expect(SessionName.automatic(firstUserText: "", date: date, timeZone: utc) == "2025-11-26 chat")
        #expect(SessionName.automatic(firstUserText: String(repeating: "a", count: 90), date: date, timeZone: utc)
            == "2025-11-26 " + String(repeating: "a", count: 40))
        #expect(SessionName.automatic(firstUserText: "\u{1B}[31mred", date: date, timeZone: utc) == "2025-11-26 [31mred")
    }
}
