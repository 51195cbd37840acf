import TerminalText
import PropertyBased
import Testing

@testable import ChatEngine
@testable import ChatREPL

@Suite struct TerminalSanitizerTests {
    static let escape = "\u{1B}"
    static let bell = "\u{07}"
    static let stringTerminator = "\u{1B}\\"

    /// Each kind of sequence, with what a terminal would do with it.
    static let sequences: [(name: String, text: String)] = [
        ("OSC 52 clipboard, BEL", "\u{1B}]52;c;aGVsbG8gd29ybGQ=\u{07}"),
        ("OSC 0 title, ST", "\u{1B}]0;pwned title\u{1B}\\"),
        ("OSC 8 link, C1 ST", "\u{1B}]8;;https://example.com\u{9C}"),
        ("OSC with a non-ASCII title", "\u{1B}]2;漢字 é 🙂\u{07}"),
        ("CSI clear screen", "\u{1B}[2J"),
        ("CSI cursor report", "\u{1B}[6n"),
        ("CSI colour", "\u{1B}[38;5;196m"),
        ("CSI private mode", "\u{1B}[?2004h"),
        ("CSI with intermediate", "\u{1B}[1 q"),
        ("C1 CSI", "\u{9B}2J"),
        ("C1 OSC", "\u{9D}0;title\u{07}"),
        ("DCS", "\u{1B}P1$qm\u{1B}\\"),
        ("DCS ended by C1 ST", "\u{1B}P+q544e\u{9C}"),
        ("SOS", "\u{1B}Xstart of string\u{1B}\\"),
        ("PM", "\u{1B}^privacy message\u{1B}\\"),
        ("APC", "\u{1B}_application command\u{1B}\\"),
        ("C1 DCS", "\u{90}1$qm\u{9C}"),
        ("C1 APC", "\u{9F}payload\u{1B}\\"),
        ("save cursor", "\u{1B}7"),
        ("full reset", "\u{1B}c"),
        ("reverse index", "\u{1B}M"),
        ("charset", "\u{1B}(B"),
        ("screen alignment test", "\u{1B}#8"),
        ("keypad mode", "\u{1B}="),
    ]

    @Test(arguments: sequences.map(\.text))
    func eachSequenceIsRemovedWhole(_ sequence: String) {
        #expect(TerminalSanitizer.clean("before " + sequence + " after") == "before  after")
    }

    /// Splitting a sequence anywhere (two pieces, or one piece per character) gives the same as whole.
    @Test(arguments: sequences.map(\.text))
    func aSequenceSplitAnywhereIsStillRemoved(_ sequence: String) {
        let text = "ab" + sequence + "cd"
        let scalars = Array(text.unicodeScalars)
        for cut in 0...scalars.count {
            var sanitizer = TerminalSanitizer()
            let shown = sanitizer.feed(String(String.UnicodeScalarView(scalars[..<cut])))
                + sanitizer.feed(String(String.UnicodeScalarView(scalars[cut...])))
            #expect(shown == "abcd", "split at \(cut)")
        }
        var sanitizer = TerminalSanitizer()
        #expect(scalars.map { sanitizer.feed(String($0)) }.joined() == "abcd")
    }

    @Test func plainTextPassesUnchanged() {
        let text = "Hello, *world*!\n\tcode: `x < y && z`\nÉté, 漢字, 🙂👍🏽, ½ — “quotes”\n"
        #expect(TerminalSanitizer.clean(text) == text)
        #expect(TerminalSanitizer.isClean(text))
        // U+00A0 and U+00BF start with 0xC2 but are not C1 controls.
        #expect(TerminalSanitizer.clean("a\u{A0}b\u{BF}c") == "a\u{A0}b\u{BF}c")
    }

    @Test func otherControlsAreDropped() {
        let controls = (0x00...0x1F).filter { $0 != 0x0A && $0 != 0x09 && $0 != 0x0D && $0 != 0x1B } + [0x7F]
        for value in controls {
            let control = String(UnicodeScalar(UInt8(value)))
            #expect(TerminalSanitizer.clean("a" + control + "b") == "ab", "U+\(String(value, radix: 16))")
            #expect(!TerminalSanitizer.isClean("a" + control + "b"))
        }
        for value in 0x80...0x9F {
            let control = String(Character(UnicodeScalar(UInt32(value))!))
            let shown = TerminalSanitizer.clean("a" + control + "b")
            // The introducers swallow what follows as their sequence; the rest go alone.
            let introducer = [0x90, 0x98, 0x9B, 0x9D, 0x9E, 0x9F].contains(value)
            #expect(shown == (introducer ? "a" : "ab"), "U+\(String(value, radix: 16))")
        }
        #expect(TerminalSanitizer.clean("tab\there\nline") == "tab\there\nline")
    }

    @Test func aBareCarriageReturnNeverMovesTheCursor() {
        #expect(TerminalSanitizer.clean("secret\rpublic") == "secretpublic")
        #expect(TerminalSanitizer.clean("one\r\ntwo\r\n") == "one\ntwo\n")
        #expect(TerminalSanitizer.clean("a\r\r\nb\r") == "a\nb")

        var split = TerminalSanitizer()
        #expect(split.feed("line\r") == "line")
        #expect(split.feed("\nnext") == "\nnext")

        var bare = TerminalSanitizer()
        #expect(bare.feed("line\r") == "line")
        #expect(bare.feed("over") == "over")

        var atEnd = TerminalSanitizer()
        #expect(atEnd.feed("last\r") == "last")
        atEnd.finish()
        #expect(atEnd.feed("\nfresh") == "\nfresh")
    }

    @Test func bellEndsAnOSCButNotADCS() {
        #expect(TerminalSanitizer.clean("a\u{1B}]0;t\u{07}b") == "ab")
        #expect(TerminalSanitizer.clean("a\u{1B}Pq\u{07}hidden\u{1B}\\b") == "ab")
    }

    @Test func anEscapeInsideAStringStartsANewSequence() {
        // ESC ends the OSC and starts the CSI, as terminals read it.
        #expect(TerminalSanitizer.clean("a\u{1B}]0;t\u{1B}[2Jb") == "ab")
        #expect(TerminalSanitizer.clean("a\u{1B}]0;t\u{18}b") == "ab")
    }

    @Test func aControlCutsASequenceShortAndIsReadAsText() {
        #expect(TerminalSanitizer.clean("a\u{1B}[12\nb") == "a\nb")
        #expect(TerminalSanitizer.clean("a\u{1B}\nb") == "a\nb")
        #expect(TerminalSanitizer.clean("a\u{1B}é") == "aé")
    }

    @Test func aNeverEndingOSCIsGivenUpAfterTheLimit() {
        let limit = TerminalSanitizer.sequenceLimit
        let payload = String(repeating: "x", count: 10_000)
        let shown = TerminalSanitizer.clean("\u{1B}]52;" + payload + " tail")
        // ESC, `]`, `52;` and the payload's start up to the limit are dropped; the rest is inert text.
        #expect(shown.count == 2 + 3 + payload.count + 5 - limit)
        #expect(shown.hasSuffix("x tail"))

        // The same stream in chunks of 100 characters, as a slow network would bring it.
        let stream = Array("\u{1B}]" + payload + " tail")
        var sanitizer = TerminalSanitizer()
        let pieces = stride(from: 0, to: stream.count, by: 100).map { start in
            sanitizer.feed(String(stream[start..<min(start + 100, stream.count)]))
        }
        #expect(pieces.joined() == TerminalSanitizer.clean(String(stream)))
        #expect(pieces.joined().count == 2 + payload.count + 5 - limit)
    }

    @Test func givingUpNeverCutsACharacter() {
        let shown = TerminalSanitizer.clean("\u{1B}]0;" + String(repeating: "漢", count: 3000) + "!")
        #expect(!shown.isEmpty)
        #expect(shown.allSatisfy { $0 == "漢" || $0 == "!" })
    }

    @Test func afterASequenceTheFastPathResumes() {
        var sanitizer = TerminalSanitizer()
        #expect(sanitizer.feed("a\u{1B}]0;ti") == "a")
        #expect(sanitizer.feed("tle\u{07}b") == "b")
        #expect(sanitizer.feed("plain text") == "plain text")
    }

    // MARK: - Properties

    /// Pieces a hostile answer is made of: text, controls, and the parts of every kind of sequence.
    static let fragments: [String] = [
        "word", " ", "é", "漢", "🙂", "\n", "\t", "\r", "\r\n", "\u{1B}", "[", "]", "2J", "6n", "?25l", ";", "0", "52",
        "\u{07}", "\\", "\u{1B}\\", "\u{9B}", "\u{9C}", "\u{9D}", "\u{90}", "\u{85}", "P", "X", "^", "_", "(", "#", "B",
        "\u{18}", "\u{1A}", "\u{7F}", "\u{00}", "\u{08}", "m", " q", "\u{A0}",
    ]

    @Test func feedingPiecesGivesWhatFeedingTheWholeGives() async {
        let hostileText = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }.array(of: 0...80).map { $0.joined() }
        await propertyCheck(count: 500, input: hostileText, Gen.int(in: 1...12).array(of: 0...20)) { text, cuts in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            let scalars = Array(text.unicodeScalars)
            var pieces: [String] = []
            var start = 0
            for length in cuts where start < scalars.count {
                let end = min(start + length, scalars.count)
                pieces.append(String(String.UnicodeScalarView(scalars[start..<end])))
                start = end
            }
            pieces.append(String(String.UnicodeScalarView(scalars[start...])))
            var sanitizer = TerminalSanitizer()
            #expect(pieces.map { sanitizer.feed($0) }.joined() == TerminalSanitizer.clean(text))
        }
    }

    @Test func whatComesOutHoldsNothingATerminalActsOn() async {
        let anyScalars = Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...60).map {
            String(String.UnicodeScalarView($0))
        }
        let hostileText = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }.array(of: 0...80).map { $0.joined() }
        await propertyCheck(count: 500, input: hostileText, anyScalars) { hostile, random in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            for text in [hostile, random, hostile + random] {
                let shown = TerminalSanitizer.clean(text)
                let unsafe = shown.unicodeScalars.filter { scalar in
                    scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F...0x9F).contains(scalar.value)
                }
                #expect(unsafe.isEmpty, "\(text.debugDescription) gave \(shown.debugDescription)")
                #expect(TerminalSanitizer.isClean(shown))
                #expect(TerminalSanitizer.clean(shown) == shown)
            }
        }
    }
}
