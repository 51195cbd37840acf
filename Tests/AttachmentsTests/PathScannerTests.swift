import PropertyBased
import TachikomaCore
import Testing

/// Picture paths in a message, as `ollama run` finds them and more: the property tests write a path
/// in every shape a person types one, inside prose, and expect exactly that file and nothing else.
@Suite struct PathScannerTests {
    static let scanner = AttachmentPathScanner(extensions: MediaFormat.extensions(for: .vision))

    /// One path as a person might type it, and the path it names.
    struct TypedPath {
        var typed: String
        var path: String
    }

    static let names = ["cat", "My Pics", "a b", "x-y", "Ünïcode", "photo_1", "dir.d", "two  spaces"]
    static let endings = ["png", "PNG", "Jpg", "jpeg", "JPEG", "webp", "WebP"]
    static let prose = ["look at", "a/b", "and/or", "compare", "1/2", "what is", "src/main.swift", "x", "image.pngx", ".png", "(see)"]

    static func typedPath(using rng: inout some RandomNumberGenerator) -> TypedPath {
        let count = Int.random(in: 1...3, using: &rng)
        var parts = (0..<count).map { _ in names.randomElement(using: &rng)! }
        parts[count - 1] += "." + endings.randomElement(using: &rng)!
        let relative = parts.joined(separator: "/")
        let root = ["/", "./", "~/", "../", ""].randomElement(using: &rng)!
        let path = root + relative
        let hasSpaces = path.contains(" ")
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return TypedPath(typed: "\"" + path + "\"", path: path)
        case 1 where !path.contains("'"): return TypedPath(typed: "'" + path + "'", path: path)
        case 2 where hasSpaces && !root.isEmpty: return TypedPath(typed: path, path: path)
        default: return TypedPath(typed: path.replacingOccurrences(of: " ", with: "\\ "), path: path)
        }
    }

    @Test func aPathInAnyShapeIsFoundAndTakenOutOfTheText() async {
        let cases = Generator<(TypedPath, String, String), Shrink.None<(TypedPath, String, String)>>(run: { rng in
            let before = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Self.prose.randomElement(using: &rng)! }.joined(separator: " ")
            let after = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Self.prose.randomElement(using: &rng)! }.joined(separator: " ")
            return (Self.typedPath(using: &rng), before, after)
        })
        await propertyCheck(count: 2000, input: cases) { item in
            let (path, before, after) = item
            let text = [before, path.typed, after].filter { !$0.isEmpty }.joined(separator: " ")
            let found = Self.scanner.find(in: text) { $0 == path.path }
            #expect(found.map(\.path) == [path.path], "in: \(text)")
            #expect(found.first.map { String(text[$0.range]) } == path.typed)
            let rest = [before, after].filter { !$0.isEmpty }.joined(separator: " ")
            #expect(AttachmentPathScanner.removing(found, from: text) == rest, "in: \(text)")
        }
    }

    @Test func proseWithoutAPictureNameIsNeverAPathEvenWhenEveryFileExists() async {
        let words = ["a/b", "and/or", "1/2", "http://x.y/z", "./run.sh", "~/notes.txt", "png", "image.pngx", "/usr/bin", "\"quoted\"", "a\\ b"]
        let texts = Gen<String?>.element(of: words).map { $0 ?? "" }.array(of: 0...12).map { $0.joined(separator: " ") }
        await propertyCheck(count: 1000, input: texts) { text in
            #expect(Self.scanner.find(in: text) { _ in true }.isEmpty, "in: \(text)")
        }
    }

    @Test func aPathToNoFileStaysTextAndTheShortestExistingEndingWins() {
        let text = "compare /tmp/a.png and /tmp/b.png, please"
        #expect(Self.scanner.find(in: text) { _ in false }.isEmpty)
        let both = Self.scanner.find(in: text) { ["/tmp/a.png", "/tmp/b.png"].contains($0) }
        #expect(both.map(\.path) == ["/tmp/a.png", "/tmp/b.png"])
        #expect(AttachmentPathScanner.removing(both, from: text) == "compare and, please")
        // Without /tmp/a.png, the path with spaces running to b.png is the candidate.
        let spaced = Self.scanner.find(in: "/tmp/a.png and /tmp/b.png") { $0 == "/tmp/a.png and /tmp/b.png" }
        #expect(spaced.map(\.path) == ["/tmp/a.png and /tmp/b.png"])
        #expect(Self.scanner.find(in: "see ~/Pictures/cat.JPG.") { $0 == "~/Pictures/cat.JPG" }.map(\.path) == ["~/Pictures/cat.JPG"])
    }

    @Test func audioEndingsCountOnlyForModelsThatHear() {
        let seeing = AttachmentPathScanner(extensions: MediaFormat.extensions(for: .vision))
        let hearing = AttachmentPathScanner(extensions: MediaFormat.extensions(for: .audio))
        #expect(seeing.find(in: "/a/song.wav") { _ in true }.isEmpty)
        #expect(hearing.find(in: "/a/song.WAV") { _ in true }.map(\.path) == ["/a/song.WAV"])
        #expect(AttachmentPathScanner(extensions: []).find(in: "/a/cat.png") { _ in true }.isEmpty)
    }
}
