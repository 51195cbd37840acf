import Foundation
import Testing
@testable import TachikomaCore

@Suite struct JSONTextParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONTextParser.parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}} "#)
        #expect(value == ["a": [1, -2500, true, false, nil], "b": ["c": "d\né😀"]])
    }

    @Test(arguments: [
        ("{\"a\": 1 \"b\": 2}", 1, 9),
        ("[1,\n2,\n]", 3, 1),
        ("{\"a\": tru}", 1, 7),
        ("\"abc", 1, 5),
        ("{\"é\": 1, \"é\": 2}", 1, 15),
        ("01", 1, 2),
    ])
    func reportsLineAndColumn(text: String, line: Int, column: Int) {
        do {
            _ = try JSONTextParser.parse(text)
            Issue.record("expected a failure for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }
}

@Suite struct EditDistanceTests {
    @Test func distances() {
        #expect(EditDistance.between("model", "modle") == 1)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
    }

    @Test func closestOnlyWhenNear() {
        #expect(EditDistance.closest(to: "modl", among: ["model", "system"]) == "model")
        #expect(EditDistance.closest(to: "zzzzzz", among: ["model", "system"]) == nil)
    }
}

@Suite struct HumanReadableTests {
    @Test func bytesLikeOllama() {
        #expect(HumanReadable.bytes(12) == "12 B")
        #expect(HumanReadable.bytes(2_019_393_189) == "2.0 GB")
        #expect(HumanReadable.bytes(274_000_000) == "274 MB")
        #expect(HumanReadable.bytes(4_920_000_000) == "4.9 GB")
    }

    @Test func relativeTimes() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)
        #expect(HumanReadable.relativeTime(now.addingTimeInterval(-0.5), now: now) == "Less than a second ago")
        #expect(HumanReadable.relativeTime(now.addingTimeInterval(-90), now: now) == "About a minute ago")
        #expect(HumanReadable.relativeTime(now.addingTimeInterval(-3 * 86400), now: now) == "3 days ago")
        #expect(HumanReadable.relativeTime(now.addingTimeInterval(-15 * 86400), now: now) == "2 weeks ago")
        #expect(HumanReadable.relativeTime(now.addingTimeInterval(240), now: now) == "4 minutes from now")
    }

    @Test func tableAlignsColumns() {
        let table = HumanReadable.table([["NAME", "ID"], ["llama3.1:8b", "abc"]])
        #expect(table == "NAME           ID\nllama3.1:8b    abc\n")
    }
}

@Suite struct TokenCountTests {
    @Test func estimateCountsAQuarterOfTheBytesPlusFraming() {
        #expect(TokenCount.estimate(text: "abcdefgh") == 2)
        #expect(TokenCount.estimate([.user("abcdefgh"), .assistant("abc")]) == TokenCount(tokens: 2 + 4 + 1 + 4, isExact: false))
    }
}
