import Foundation
import SessionStore
import TachikomaCore
import Testing

/// Conversations as trees, on SQLite and on the in-memory double alike: moving the head keeps
/// everything, the next message follows the head, and every branch survives loading, search,
/// export and import.
@Suite struct BranchContractTests {
    /// A session with two answers to one question (`/retry`): q → a1, q → a2, the head at a2.
    static func retried(in store: any SessionStoring) throws
        -> (session: Session, q: StoredMessage, a1: StoredMessage, a2: StoredMessage)
    {
        let session = try store.createSession(
            NewSession(name: "tree", firstUserText: "", settings: [.model("m1")], createdAt: instant(0)))
        let q = try user("Why is the sky blue?", in: session, store, at: 1)
        let first = try store.beginAnswer(in: session.id, model: "m1", at: instant(2))
        let a1 = try store.finishAnswer(
            first, with: .assistant("Rayleigh scattering."), usage: nil, interrupted: false, at: instant(3))
        try store.moveHead(of: session.id, to: q.id)
        try store.recordSetting(.model("m2"), in: session.id, at: instant(4))
        let second = try store.beginAnswer(in: session.id, model: "m2", at: instant(5))
        let a2 = try store.finishAnswer(
            second, with: .assistant("Air scatters blue light most."), usage: nil, interrupted: false, at: instant(6))
        return (session, q, a1, a2)
    }

    /// A user's message at a fixed instant, so both stores record the same dates.
    static func user(_ text: String, in session: Session, _ store: any SessionStoring, at offset: Int64) throws
        -> StoredMessage
    {
        try store.appendMessage(
            .user(text), to: session.id, model: nil, usage: nil, interrupted: false, at: instant(offset))
    }

    @Test(arguments: StoreKind.allCases)
    func movingTheHeadThenRecordingMakesASiblingAndDeletesNothing(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, q, a1, a2) = try Self.retried(in: store)
            #expect(q.parentID == nil)
            #expect(a1.parentID == q.id)
            #expect(a2.parentID == q.id)

            let loaded = try store.loadSession(id: session.id)
            let model = { (name: String, at: Int64) in
                SessionEvent.setting(StoredSettingChange(change: .model(name), recordedAt: instant(at)))
            }
            #expect(loaded.timeline == [model("m1", 0), .message(q), .message(a1), model("m2", 4), .message(a2)])
            #expect(loaded.headID == a2.id)
            #expect(loaded.branchPath == [q.id, a2.id])
            #expect(loaded.events == [model("m1", 0), .message(q), model("m2", 4), .message(a2)])
            #expect(loaded.branches.count == 2)
            #expect(try store.listSessions().first?.messageCount == 3)
            #expect(try store.listSessions().first?.models == ["m1", "m2"])

            // Back on the first answer's branch, the next message follows it.
            try store.moveHead(of: session.id, to: a1.id)
            let more = try store.appendMessage(.user("And at sunset?"), to: session.id)
            #expect(more.parentID == a1.id)
            let again = try store.loadSession(id: session.id)
            #expect(again.branchPath == [q.id, a1.id, more.id])
            #expect(again.allMessages.count == 4)
        }
    }

    /// The same steps on both stores load the same transcripts, ids, parents and heads included.
    @Test func bothStoresLoadTheSameTree() throws {
        func script(_ store: any SessionStoring) throws -> [SessionTranscript] {
            let (session, q, _, _) = try Self.retried(in: store)
            let other = try store.createSession(NewSession(name: "other", firstUserText: "", createdAt: instant(10)))
            _ = try Self.user("hello", in: other, store, at: 11)
            try store.moveHead(of: session.id, to: nil)
            _ = try Self.user("Start over.", in: session, store, at: 12)
            try store.moveHead(of: session.id, to: q.id)
            _ = try Self.user("A follow-up?", in: session, store, at: 13)
            return try store.listSessions().map { try store.loadSession(id: $0.session.id) }
        }
        let memory = try script(InMemorySessionStore())
        let sqlite = try withStore(.sqlite) { store in try script(store) }
        #expect(sqlite == memory)
        #expect(memory.first { $0.session.name == "tree" }?.branches.count == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func aHeadMovedToNothingStartsTheNextMessageAnew(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, q, a1, a2) = try Self.retried(in: store)
            try store.moveHead(of: session.id, to: nil)
            let empty = try store.loadSession(id: session.id)
            #expect(empty.headID == nil)
            #expect(empty.messages.isEmpty)
            #expect(empty.allMessages.map(\.id) == [q.id, a1.id, a2.id])
            #expect(empty.events.count == 2)  // the two model settings stay

            let fresh = try store.appendMessage(.user("Something else."), to: session.id)
            #expect(fresh.parentID == nil)
            let loaded = try store.loadSession(id: session.id)
            #expect(loaded.headID == fresh.id)
            #expect(loaded.messages.map(\.id) == [fresh.id])
            #expect(loaded.branches.count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deletingTheHeadMovesItToItsParent(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, q, a1, a2) = try Self.retried(in: store)
            let empty = try store.beginAnswer(in: session.id, model: "m2", at: instant(7))
            #expect(try store.loadSession(id: session.id).headID == empty)
            try store.deleteMessage(empty)
            var loaded = try store.loadSession(id: session.id)
            #expect(loaded.headID == a2.id)
            #expect(loaded.allMessages.map(\.id) == [q.id, a1.id, a2.id])

            // A message that is not the head goes without moving it.
            try store.deleteMessage(a1.id)
            loaded = try store.loadSession(id: session.id)
            #expect(loaded.headID == a2.id)
            #expect(loaded.allMessages.map(\.id) == [q.id, a2.id])
            #expect(throws: SessionStoreError.unknownMessage(id: a1.id)) { try store.deleteMessage(a1.id) }

            let next = try store.appendMessage(.user("Thanks."), to: session.id)
            #expect(next.parentID == a2.id)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theHeadMovesOnlyToAMessageOfItsOwnSession(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, _, _, a2) = try Self.retried(in: store)
            let other = try store.createSession(NewSession(name: "other", firstUserText: ""))
            let elsewhere = try store.appendMessage(.user("hello"), to: other.id)
            #expect(throws: SessionStoreError.unknownMessage(id: elsewhere.id)) {
                try store.moveHead(of: session.id, to: elsewhere.id)
            }
            let missing = StoredMessageID(rawValue: 999)
            #expect(throws: SessionStoreError.unknownMessage(id: missing)) {
                try store.moveHead(of: session.id, to: missing)
            }
            let nowhere = SessionID(rawValue: 999)
            #expect(throws: SessionStoreError.unknownSession(id: nowhere)) { try store.moveHead(of: nowhere, to: nil) }
            #expect(throws: SessionStoreError.unknownSession(id: nowhere)) {
                try store.moveHead(of: nowhere, to: a2.id)
            }
            #expect(try store.loadSession(id: session.id).headID == a2.id)
            #expect(try store.loadSession(id: other.id).headID == elsewhere.id)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func searchFindsWordsOnABranchThatIsNotCurrent(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, q, a1, _) = try Self.retried(in: store)
            try store.moveHead(of: session.id, to: q.id)
            _ = try store.appendMessage(.assistant("A third answer."), to: session.id, model: "m2")
            let hits = try store.search("Rayleigh")
            #expect(hits.map(\.message.id) == [a1.id])
            #expect(hits.first?.message.parentID == q.id)
            #expect(hits.first?.sessionName == "tree")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anExportWithBranchesImportsWithEveryBranchAndItsHead(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (session, q, _, _) = try Self.retried(in: store)
            // A third branch that is not current, and the head back on the first answer's.
            try store.moveHead(of: session.id, to: nil)
            _ = try store.appendMessage(.user("Unrelated."), to: session.id)
            try store.moveHead(of: session.id, to: q.id)
            let original = try store.loadSession(id: session.id)

            let data = try SessionExport.data(original, format: .json)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["version"] as? Int == 2)
            #expect(json["head"] as? Int == 1)
            let archive = try SessionArchive.decode(data, path: "tree.json")
            #expect(archive == SessionArchive(original))
            #expect(archive.messageRecords.map(\.parent) == [nil, 1, 1, nil])

            let imported = try store.importSession(archive)
            let reloaded = try store.loadSession(id: imported.id)
            #expect(reloaded.session.name == "tree (2)")
            var renamed = SessionArchive(reloaded)
            renamed.name = original.session.name
            #expect(renamed == SessionArchive(original))
            #expect(reloaded.branches.count == 3)
            #expect(reloaded.headID == reloaded.allMessages.first?.id)
            #expect(reloaded.messages.map(\.message) == [q.message])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aVersion1ArchiveBuiltByHandImportsAsOneBranch(kind: StoreKind) throws {
        let text = """
            {"format": "tachikoma-session", "version": 1,
             "session": {"name": "old", "createdAt": "2026-01-01T00:00:00.000Z", "lastUsedAt": "2026-01-01T00:00:03.000Z"},
             "events": [
               {"type": "message", "role": "user", "content": "one", "createdAt": "2026-01-01T00:00:01.000Z"},
               {"type": "setting", "recordedAt": "2026-01-01T00:00:01.500Z", "change": {"kind": "model", "value": "m"}},
               {"type": "message", "role": "assistant", "content": "two", "createdAt": "2026-01-01T00:00:02.000Z",
                "model": "m", "parent": 1},
               {"type": "message", "role": "user", "content": "three", "createdAt": "2026-01-01T00:00:03.000Z"}
             ],
             "head": 1}
            """
        let archive = try SessionArchive.decode(Data(text.utf8), path: "old.json")
        // Version 1 has no parents and no head: whatever such keys say, it is one line.
        #expect(archive.messageRecords.map(\.parent) == [nil, 1, 2])
        #expect(archive.head == 3)
        // Built in code without parents or a head, it imports the same way.
        var unlinked = archive
        unlinked.head = nil
        unlinked.events = archive.events.map { event in
            guard case .message(var record) = event else { return event }
            record.parent = nil
            return .message(record)
        }
        try withStore(kind) { store in
            for candidate in [archive, unlinked] {
                let session = try store.importSession(candidate)
                let loaded = try store.loadSession(id: session.id)
                let messages = loaded.allMessages
                #expect(messages.map(\.message.content) == ["one", "two", "three"])
                #expect(messages.map(\.parentID) == [nil, messages[0].id, messages[1].id])
                #expect(loaded.headID == messages[2].id)
                #expect(loaded.events == loaded.timeline)
                #expect(loaded.branches.count == 1)
            }
        }
    }
}
