import Attachments
import Foundation
import TachikomaCore
import Testing

@Suite struct ComposerTests {
    static func media(_ reported: ModelCapabilities?, configured: Bool = false) -> MessageComposer.ModelMedia {
        MessageComposer.ModelMedia(model: "m", reported: reported, configuredVision: configured)
    }

    @Test func aSeeingModelGetsThePicturesItsTextNamesInOrderAndTheTextWithoutThem() throws {
        let folder = try TestFolder()
        try folder.write("a cat.png", Pictures.png)
        try folder.write("dog.JPG", Pictures.jpeg)
        let composer = MessageComposer(reader: AttachmentReader(workingDirectory: folder.path))
        let text = "compare ./a\\ cat.png with \(folder.path)/dog.JPG please"
        let composed = try composer.compose(text, pending: [], media: Self.media([.completion, .vision]))
        #expect(composed.found.map(\.name) == ["./a cat.png", folder.path + "/dog.JPG"])
        #expect(composed.message.content == "compare with please")
        #expect(composed.message.images == [Data(Pictures.png).base64EncodedString(), Data(Pictures.jpeg).base64EncodedString()])
        // A model that cannot see, or one the server says nothing of and the config does not mark: plain text.
        for media in [Self.media([.completion]), Self.media(nil)] {
            let plain = try composer.compose(text, pending: [], media: media)
            #expect(plain.message.content == text && plain.message.images.isEmpty && plain.found.isEmpty)
        }
        let marked = try composer.compose(text, pending: [], media: Self.media(nil, configured: true))
        #expect(marked.found.count == 2)
    }

    @Test func pendingFilesComeAsBlocksAndExplicitPicturesMeetTheModelsCapabilities() throws {
        let notes = Attachment(name: "notes.txt", kind: .text(.file), bytes: Array("a ``` b\n".utf8))
        let picture = Attachment(name: "cat.png", kind: .media(.png), bytes: Pictures.png)
        let composer = MessageComposer(reader: AttachmentReader())
        let message = try composer.compose("what is this?", pending: [notes, picture], media: Self.media(nil)).message
        #expect(message.content == "what is this?\n\nFile notes.txt:\n````\na ``` b\n````")
        #expect(message.images.count == 1 && message.attachments == [notes, picture])
        #expect(message.contentWithLabels == "what is this?\n[file notes.txt · 1 line] [image cat.png · 70 B]")
        #expect(message.typedText == "what is this?")
        #expect(throws: AttachmentError.modelLacks(model: "m", capability: "vision", name: "cat.png")) {
            try composer.compose("x", pending: [picture], media: Self.media([.completion]))
        }
        let wrong = try TestFolder()
        try wrong.write("fake.png", "text")
        #expect(throws: AttachmentError.notWhatItsNameSays(path: "fake.png", claimed: .png)) {
            try MessageComposer(reader: AttachmentReader(workingDirectory: wrong.path)).compose(
                "see fake.png", pending: [], media: Self.media([.vision]))
        }
    }
}
