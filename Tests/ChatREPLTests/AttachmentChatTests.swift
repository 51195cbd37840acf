import Foundation
import TachikomaCore
import Testing

@testable import ChatREPL

/// Attachments in the chat: picture paths for a model that sees, /attach and its list, pictures
/// sent again with later requests, and a refusal that sends nothing and gives the line back.
@Suite struct AttachmentChatTests {
    static let png = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)

    final class Files {
        let path = NSTemporaryDirectory() + "attach-chat-" + UUID().uuidString
        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data(AttachmentChatTests.png).write(to: URL(fileURLWithPath: path + "/cat.png"))
            try Data("not a picture".utf8).write(to: URL(fileURLWithPath: path + "/fake.png"))
            try Data("line one\nline two\n".utf8).write(to: URL(fileURLWithPath: path + "/notes.txt"))
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func backend(_ capabilities: ModelCapabilities?, answers: Int) -> MockBackend {
        let backend = MockBackend()
        backend.details = ModelDetails(name: "llama3.2", capabilities: capabilities)
        for index in 0..<answers { backend.enqueueAnswer(["answer \(index)"]) }
        return backend
    }

    @Test func picturesAndFilesGoWithTheirMessageAndStayInLaterRequests() async throws {
        let files = try Files()
        let backend = Self.backend([.completion, .vision], answers: 2)
        let (repl, _, output) = makeREPL(
            ["look at \(files.path)/cat.png please", "/attach \(files.path)/notes.txt", "/attach", "and this?"], backend: backend)
        _ = await repl.run()
        let requests = backend.requests.get()
        try #require(requests.count == 2)
        #expect(requests[0].messages.map(\.content) == ["look at please"])
        #expect(requests[0].messages[0].images == [Data(Self.png).base64EncodedString()])
        #expect(requests[1].messages.map(\.images.count) == [1, 0, 0])
        #expect(requests[1].messages[2].content == "and this?\n\nFile \(files.path)/notes.txt:\n```\nline one\nline two\n```")
        #expect(output.text.contains("Added image '\(files.path)/cat.png'"))
        #expect(output.text.contains("Attached [file notes.txt · 2 lines]. It goes with your next message."))
        #expect(output.text.contains("  [file notes.txt · 2 lines]\n1 pending, 18 B; they go with the next message."))
    }

    @Test func aBadPictureSendsNothingAndPutsTheLineBack() async throws {
        let files = try Files()
        let backend = Self.backend([.completion, .vision], answers: 1)
        let (repl, input, output) = makeREPL(["see \(files.path)/fake.png", "/attach \(files.path)/notes.txt", "/attach clear"], backend: backend)
        _ = await repl.run()
        #expect(backend.requests.get().isEmpty)
        #expect(input.prefills.get() == ["see \(files.path)/fake.png"])
        #expect(output.text.contains("Cannot attach \(files.path)/fake.png: its name says PNG"))
        #expect(output.text.contains("Dropped 1 attachment."))
    }

    @Test func aModelThatCannotSeeGetsPathsAsTextAndRefusesAttachedPictures() async throws {
        let files = try Files()
        let backend = Self.backend([.completion], answers: 1)
        let (repl, _, output) = makeREPL(["/attach \(files.path)/cat.png", "what is \(files.path)/cat.png"], backend: backend)
        _ = await repl.run()
        #expect(output.text.contains("llama3.2 cannot take it (the server does not list the 'vision' capability for it)"))
        #expect(backend.requests.get().first?.messages.map(\.content) == ["what is \(files.path)/cat.png"])
        #expect(backend.requests.get().first?.messages.first?.images.isEmpty == true)
    }

    @Test func messagesWithoutPicturesDoNotAskTheServerWhatTheModelCanDo() async throws {
        let files = try Files()
        let quiet = Self.backend([.completion, .vision], answers: 0)
        _ = await makeREPL([], backend: quiet).0.run()
        let plain = Self.backend([.completion, .vision], answers: 2)
        _ = await makeREPL(["hello", "a/b and notes.txt"], backend: plain).0.run()
        #expect(plain.requests.get().count == 2)
        #expect(plain.detailsRequests.get() == quiet.detailsRequests.get())
        let seeing = Self.backend([.completion, .vision], answers: 2)
        _ = await makeREPL(["see \(files.path)/cat.png", "and \(files.path)/cat.png again"], backend: seeing).0.run()
        #expect(seeing.requests.get().last?.messages.map(\.images.count) == [1, 0, 1])
        #expect(seeing.detailsRequests.get() <= quiet.detailsRequests.get() + 1, "asked once per model, not per message")
    }

    @Test func replaySendsEachMessageWithWhatWasAttachedToIt() async throws {
        let picture = Attachment(name: "cat.png", kind: .media(.png), bytes: Self.png)
        let notes = Attachment(name: "n.txt", kind: .text(.file), bytes: Array("hi\n".utf8))
        let session = Session(id: SessionID(rawValue: 1), name: "s", createdAt: Date(), lastUsedAt: Date())
        func stored(_ id: Int64, _ message: Message) -> SessionEvent {
            .message(StoredMessage(id: StoredMessageID(rawValue: id), sessionID: session.id, message: message, createdAt: Date()))
        }
        let transcript = SessionTranscript(session: session, events: [
            stored(1, .user("look", attachments: [picture, notes])), stored(2, .assistant("a cat")),
            stored(3, .user("and now?")), stored(4, .assistant("still a cat")),
        ])
        let backend = Self.backend([.completion, .vision], answers: 2)
        let (repl, _, _) = makeREPL([], backend: backend)
        #expect(await repl.replay(transcript, with: "llama3.2"))
        let requests = backend.requests.get()
        try #require(requests.count == 2)
        #expect(requests[0].messages == [.user("look", attachments: [picture, notes])])
        #expect(requests[1].messages.first?.images == [picture.base64])
        #expect(repl.conversation.entries.first?.message.attachments == [picture, notes])
    }

    @Test func tabCompletesPathsAfterAttach() throws {
        let files = try Files()
        #expect(PathCompletion.candidates(for: files.path + "/no") == [files.path + "/notes.txt"])
        let parent = (files.path as NSString).deletingLastPathComponent + "/"
        let folderName = (files.path as NSString).lastPathComponent
        #expect(PathCompletion.candidates(for: parent + folderName) == [files.path + "/"])
    }
}
