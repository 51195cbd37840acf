import Foundation
import GRDB
import SessionStore
import TachikomaCore
import Testing

/// Attachments kept with their messages: once per content, named in transcripts, carried by JSON
/// export and import, found by search, and gone with the last message that names them.
@Suite struct AttachmentStoreTests {
    static let picture = Attachment(
        name: "~/Pictures/cat.png", kind: .media(.png),
        bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 184_000))
    static let notes = Attachment(name: "notes.txt", kind: .text(.file), bytes: Array("apples\npears\nquinces\n".utf8))
    static let output = Attachment(name: "!ls", kind: .text(.command(exitStatus: 2)), bytes: Array("a\n".utf8))

    static func record(in store: SQLiteSessionStore) throws -> Session {
        let session = try store.createSession(NewSession(name: "pics", firstUserText: "look", createdAt: instant(0)))
        _ = try store.appendMessage(
            .user("what is in these?", attachments: [notes, picture, output]), to: session.id, model: nil, usage: nil,
            interrupted: false, at: instant(1))
        _ = try store.appendMessage(.assistant("a cat"), to: session.id, model: "gemma3", usage: nil, interrupted: false, at: instant(2))
        _ = try store.appendMessage(
            .user("again", attachments: [picture]), to: session.id, model: nil, usage: nil, interrupted: false, at: instant(3))
        return session
    }

    @Test func attachmentsComeBackExactlyAndEachContentIsStoredOnce() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            let store = try SQLiteSessionStore(path: path)
            _ = try Self.record(in: store)
            let messages = try store.loadSession(named: "pics").messages.map(\.message)
            #expect(messages[0].attachments == [Self.notes, Self.picture, Self.output])
            #expect(messages[0].images == [Self.picture.base64])
            #expect(messages[0] == .user("what is in these?", attachments: [Self.notes, Self.picture, Self.output]))
            #expect(messages[2].images == [Self.picture.base64])
            let queue = try DatabaseQueue(path: path)
            let (blobs, links, inlineImages) = try queue.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM attachment") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM message_attachment") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE images IS NOT NULL") ?? -1
                )
            }
            #expect(blobs == 3 && links == 4 && inlineImages == 0)
            #expect(try store.search("quinces").count == 1)
        }
    }

    @Test func transcriptsNameThemAndDeletingTheSessionFreesTheirBytes() throws {
        try withTemporaryFolder { folder in
            let path = databasePath(in: folder)
            let store = try SQLiteSessionStore(path: path)
            _ = try Self.record(in: store)
            let transcript = try store.loadSession(named: "pics")
            let text = TranscriptText.render(transcript)
            #expect(text.contains(">>> what is in these?\n    ... [file notes.txt · 3 lines] [image cat.png · 184 KB] [output of !ls · 1 line · exit 2]\n"))
            #expect(!text.contains("apples"))
            let markdown = MarkdownTranscript.render(transcript)
            #expect(markdown.contains("*Attached: [file notes.txt · 3 lines] [image cat.png · 184 KB] [output of !ls · 1 line · exit 2]*"))
            try store.deleteSession(named: "pics")
            let left = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM attachment") }
            #expect(left == 0)
        }
    }

    @Test func jsonExportCarriesThemAndImportRestoresThem() throws {
        try withTemporaryFolder { folder in
            let store = try SQLiteSessionStore(path: databasePath(in: folder))
            _ = try Self.record(in: store)
            let transcript = try store.loadSession(named: "pics")
            try SessionExport.write(transcript, to: folder + "/pics.json")
            let json = try String(contentsOfFile: folder + "/pics.json", encoding: .utf8)
            #expect(json.contains("\"kind\" : \"image\\/png\"") || json.contains("\"kind\":\"image\\/png\"") || json.contains("image/png"))
            #expect(json.contains(Self.picture.base64))
            let other = try SQLiteSessionStore(path: folder + "/other/tachikoma.sqlite")
            _ = try other.importSession(try SessionExport.read(from: folder + "/pics.json"))
            let imported = try other.loadSession(named: "pics")
            #expect(imported.messages.map(\.message) == transcript.messages.map(\.message))
            #expect(imported.messages[0].message.attachments == [Self.notes, Self.picture, Self.output])
        }
    }

    @Test func theReleasedDatabaseTakesAttachmentsOnceUpgraded() throws {
        try withTemporaryFolder { folder in
            let path = try ReleasedDatabaseTests.copyOfReleasedDatabase(in: folder)
            let store = try SQLiteSessionStore(path: path)
            let before = try store.loadSession(named: "first-session")
            #expect(before.messages.allSatisfy { $0.message.attachments.isEmpty })
            _ = try store.appendMessage(
                .user("and this?", attachments: [Self.picture]), to: before.session.id, model: nil, usage: nil,
                interrupted: false, at: instant(9))
            let after = try store.loadSession(named: "first-session")
            #expect(after.messages.last?.message.attachments == [Self.picture])
            #expect(Array(after.messages.dropLast()) == before.messages)
        }
    }
}
