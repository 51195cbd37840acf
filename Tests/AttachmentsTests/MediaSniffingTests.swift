import Attachments
import TachikomaCore
import Testing

@Suite struct MediaSniffingTests {
    @Test func theFirstBytesTellTheFormatAndNothingElseDoes() {
        #expect(MediaFormat.sniff(Pictures.png) == .png)
        #expect(MediaFormat.sniff(Pictures.jpeg) == .jpeg)
        #expect(MediaFormat.sniff(Pictures.webp) == .webp)
        #expect(MediaFormat.sniff(Pictures.wav) == .wav)
        #expect(MediaFormat.sniff(Array("GIF89a......".utf8)) == nil)
        #expect(MediaFormat.sniff(Array("hello, world".utf8)) == nil)
        #expect(MediaFormat.sniff(Array("RIFF".utf8)) == nil)
        #expect(MediaFormat.sniff(Array(Pictures.png.prefix(7))) == nil)
        #expect(MediaFormat.sniff([UInt8]()) == nil)
    }

    @Test func aNameClaimsAFormatInAnyCase() {
        #expect(MediaFormat(claimedBy: "/a/Cat.PNG") == .png)
        #expect(MediaFormat(claimedBy: "x.JpEg") == .jpeg)
        #expect(MediaFormat(claimedBy: "x.jpg") == .jpeg)
        #expect(MediaFormat(claimedBy: "song.Wav") == .wav)
        #expect(MediaFormat(claimedBy: "notes.txt") == nil)
        #expect(MediaFormat(claimedBy: "a.png/b") == nil)
        #expect(MediaFormat.extensions(for: .vision) == ["jpg", "jpeg", "png", "webp"])
        #expect(MediaFormat.extensions(for: [.vision, .audio]).contains("wav"))
        #expect(MediaFormat.extensions(for: .tools).isEmpty)
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256Digest.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Digest.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256Digest.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
