import Foundation
import PropertyBased
import Testing

@testable import HTTPStreaming

/// A line is matched exactly when it is the remembered line with another valid JSON string.
@Suite("One-string template")
struct OneStringTemplateTests {
    static let head = #"{"id":"chatcmpl-1","created":1764000000,"choices":[{"index":0,"delta":{"content":""#
    static let tail = #""},"finish_reason":null}],"usage":null}"#

    /// A template that remembered `head + "first" + tail`.
    static func template(tag: UInt8 = 7) -> OneStringTemplate {
        var template = OneStringTemplate()
        let line = Array((head + "first" + tail).utf8)
        line.withUnsafeBytes { bytes in
            template.remember(bytes, string: JSONStringSpan(start: head.utf8.count, end: head.utf8.count + 5, hasEscapes: false), tag: tag)
        }
        return template
    }

    /// The span the template matched in `line`, as the raw text between the quotes.
    static func match(_ template: OneStringTemplate, _ line: String) -> (raw: String, hasEscapes: Bool)? {
        Array(line.utf8).withUnsafeBytes { bytes in
            template.match(bytes).map { span in
                (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self), span.hasEscapes)
            }
        }
    }

    @Test func theSameLineWithAnotherStringMatches() throws {
        let template = Self.template()
        #expect(template.tag == 7)
        let plain = try #require(Self.match(template, Self.head + "second token" + Self.tail))
        #expect(plain.raw == "second token")
        #expect(!plain.hasEscapes)
        let escaped = try #require(Self.match(template, Self.head + #"a \"b\" \\ \u00e9 \ud83d\ude80 \n"# + Self.tail))
        #expect(escaped.raw == #"a \"b\" \\ \u00e9 \ud83d\ude80 \n"#)
        #expect(escaped.hasEscapes)
        #expect(Self.match(template, Self.head + Self.tail)?.raw == "")
        #expect(Self.match(template, Self.head + "日本 🚀" + Self.tail)?.raw == "日本 🚀")
    }

    @Test(arguments: [
        // Another timestamp, another key, another finish reason.
        head.replacingOccurrences(of: "1764000000", with: "1764000001") + "x" + tail,
        head + "x" + tail.replacingOccurrences(of: "\"usage\":null", with: "\"usage\":{}"),
        head + "x" + tail.replacingOccurrences(of: "null}]", with: "\"stop\"}]"),
        // The string closes early: other keys follow it inside the delta.
        head + #"x","role":"assistant"# + tail,
        head + #"x","content":"y"# + tail,
        // Not a valid string: a bad escape, a lone surrogate, a raw control byte, an escaped closing quote.
        head + #"bad \x"# + tail,
        head + #"half \ud83d"# + tail,
        head + "raw \u{01} byte" + tail,
        head + "new\nline" + tail,
        head + #"ends \"# + tail,
        // Too short to hold both parts.
        String(head.dropLast()) + tail,
        "",
    ])
    func anythingElseIsDeclined(line: String) {
        #expect(Self.match(Self.template(), line) == nil, "matched: \(line)")
    }

    @Test func anEmptyTemplateMatchesNothing() {
        var template = Self.template()
        template.forget()
        #expect(template.isEmpty)
        #expect(Self.match(template, Self.head + "first" + Self.tail) == nil)
        #expect(Self.match(OneStringTemplate(), "\"\"") == nil)
    }

    @Test func aLineTooLongOrASpanWithoutQuotesIsNotRemembered() {
        var template = Self.template()
        let long = Array((Self.head + "x" + String(repeating: " ", count: OneStringTemplate.maximumLength) + "}").utf8)
        long.withUnsafeBytes { bytes in
            template.remember(bytes, string: JSONStringSpan(start: Self.head.utf8.count, end: Self.head.utf8.count + 1, hasEscapes: false), tag: 0)
        }
        #expect(template.isEmpty)
        template = Self.template()
        let unquoted = Array("{\"n\":12}".utf8)
        unquoted.withUnsafeBytes { bytes in
            template.remember(bytes, string: JSONStringSpan(start: 5, end: 7, hasEscapes: false), tag: 0)
        }
        #expect(template.isEmpty)
    }

    // MARK: - Properties

    /// Pieces of a string's inside: plain text, every escape, and what breaks a string.
    static let pieces = [
        "a", " ", "é", "日", "🚀", "/", "}", ",", ":", "\u{7F}", #"\""#, #"\\"#, #"\/"#, #"\n"#, #"\t"#, #"\b"#,
        #"\f"#, #"\r"#, #"\u0041"#, #"\u00E9"#, #"\ud83d\ude80"#, "\"", "\\", #"\x"#, #"\u12"#, "\n", "\u{01}",
        #"","d":""#, #""},"x":{"#,
    ]

    /// The matcher agrees with Foundation's parser on every middle: it matches exactly when the
    /// middle is a valid JSON string's inside, and then the whole line parses to that string.
    @Test func theMatchAgreesWithAFullJSONParser() async {
        let middles = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...12).map { $0.joined() }
        let template = Self.template()
        await propertyCheck(count: 2000, input: middles) { middle in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            let alone = try? JSONSerialization.jsonObject(with: Data("\"\(middle)\"".utf8), options: .fragmentsAllowed) as? String
            let matched = Self.match(template, Self.head + middle + Self.tail)
            #expect((matched != nil) == (alone != nil), "middle \(middle.debugDescription)")
            // Read from a network read, the line not cut out: the same span, ending where the line does.
            let line = Array((Self.head + middle + Self.tail).utf8)
            let fromRead = (Array("data: ".utf8) + line + Array("\n\ndata: {".utf8)).withUnsafeBytes { bytes in
                template.matchStart(of: bytes, at: 6).map { ($0.string.start - 6, $0.string.end - 6, $0.end - 6) }
            }
            let atEnd = fromRead.map { $0.2 == line.count } ?? false
            #expect(atEnd == (matched != nil), "middle \(middle.debugDescription)")
            guard matched != nil, let alone else { return }
            let whole = try? JSONSerialization.jsonObject(with: Data((Self.head + middle + Self.tail).utf8)) as? [String: Any]
            let choices = whole?["choices"] as? [[String: Any]]
            let content = (choices?.first?["delta"] as? [String: Any])?["content"] as? String
            #expect(content == alone)
        }
    }
}
