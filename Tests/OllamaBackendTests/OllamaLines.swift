import PropertyBased

@testable import OllamaBackend

/// Stream lines as Ollama's Go server writes them: `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`,
/// control characters as `\u00XX`, U+2028/2029 escaped, non-ASCII raw, `created_at` with the
/// nanoseconds' trailing zeros dropped, final lines with statistics, tool calls, thinking.
enum OllamaLines {
    struct Line: Sendable, CustomStringConvertible {
        var text: String
        var shape: DeltaLineScanner.Shape
        /// A content or thinking delta with `"done":false` and nothing else: the light path's line.
        var isPlainDelta: Bool
        var content = ""
        var thinking = ""
        var toolCalls = 0
        var description: String { text }
    }

    struct Stream: Sendable, CustomStringConvertible {
        var bytes: [UInt8]
        var splits: [Int]
        var shape: DeltaLineScanner.Shape
        var expectedContent: String
        var expectedThinking: String
        var toolCallCount: Int
        var description: String { String(decoding: bytes, as: UTF8.self) }
    }

    struct Corrupted: Sendable, CustomStringConvertible {
        var bytes: [UInt8]
        var splits: [Int]
        var shape: DeltaLineScanner.Shape
        var description: String { String(decoding: bytes, as: UTF8.self).debugDescription }
    }

    static var lineGenerator: Generator<Line, Shrink.None<Line>> {
        Generator(run: { rng in
            let shape: DeltaLineScanner.Shape = Int.random(in: 0..<4, using: &rng) == 0 ? .generate : .chat
            var generated = line(shape: shape, final: Int.random(in: 0..<8, using: &rng) == 0, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0:
                // Blanks between tokens are still JSON, and still the light path's to read.
                generated.text = spaced(generated.text, using: &rng)
            case 1:
                // A key twice: both readers must take the same one.
                let key = shape == .chat ? "\"content\":\"" : "\"response\":\""
                if let range = generated.text.range(of: key) {
                    generated.text.replaceSubrange(range, with: key + "first\"," + key)
                    generated.isPlainDelta = false
                }
            case 2:
                // Keys in another order, and keys Ollama may add one day.
                generated.text = generated.text.replacingOccurrences(of: "{\"model\":", with: "{\"extra\":[1,{\"a\":null}],\"model\":")
                generated.isPlainDelta = false
            default:
                break
            }
            return generated
        })
    }

    /// The line with blanks after every structural character outside strings.
    static func spaced(_ text: String, using rng: inout some RandomNumberGenerator) -> String {
        var output = ""
        var inString = false
        var escaped = false
        for character in text {
            output.append(character)
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if "{}[]:,".contains(character) {
                output += [" ", "\t", "\n", "  ", "\r\n"][Int.random(in: 0..<5, using: &rng)]
            }
        }
        return output
    }

    static var streamGenerator: Generator<Stream, Shrink.None<Stream>> {
        Generator(run: { rng in stream(using: &rng) })
    }

    static var corruptedGenerator: Generator<Corrupted, Shrink.None<Corrupted>> {
        Generator(run: { rng in
            let shape: DeltaLineScanner.Shape = Bool.random(using: &rng) ? .chat : .generate
            var bytes: [UInt8]
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                bytes = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:
                // JSON-ish noise: the bytes the scanners branch on.
                let alphabet = Array(#"{}[]":,\u0aA9 fnlsetrue"#.utf8) + [0x0A, 0x0D, 0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF, 0xED]
                bytes = (0..<Int.random(in: 0...400, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            default:
                bytes = stream(using: &rng).bytes
                for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes.remove(at: at)
                    case 2: bytes.insert(contentsOf: [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x5C], [0x22], [0x0A]][Int.random(in: 0..<6, using: &rng)], at: at)
                    default: bytes = Array(bytes.prefix(at))
                    }
                }
            }
            return Corrupted(bytes: bytes, splits: splits(count: bytes.count, using: &rng), shape: shape)
        })
    }

    // MARK: - Building lines

    static func stream(using rng: inout some RandomNumberGenerator) -> Stream {
        let shape: DeltaLineScanner.Shape = Int.random(in: 0..<4, using: &rng) == 0 ? .generate : .chat
        var lines: [Line] = []
        for _ in 0..<Int.random(in: 0...25, using: &rng) { lines.append(line(shape: shape, final: false, using: &rng)) }
        lines.append(line(shape: shape, final: true, using: &rng))
        let separator = Int.random(in: 0..<6, using: &rng) == 0 ? "\r\n" : "\n"
        let bytes = Array((lines.map(\.text).joined(separator: separator) + separator).utf8)
        return Stream(
            bytes: bytes, splits: splits(count: bytes.count, using: &rng), shape: shape,
            expectedContent: lines.map(\.content).joined(), expectedThinking: lines.map(\.thinking).joined(),
            toolCallCount: lines.map(\.toolCalls).reduce(0, +))
    }

    /// Cut points anywhere, including inside a multi-byte character or an escape.
    static func splits(count: Int, using rng: inout some RandomNumberGenerator) -> [Int] {
        guard count > 0 else { return [] }
        let cuts = Int.random(in: 0...min(count, 40), using: &rng)
        return (0..<cuts).map { _ in Int.random(in: 0...count, using: &rng) }.sorted()
    }

    static func line(shape: DeltaLineScanner.Shape, final: Bool, using rng: inout some RandomNumberGenerator) -> Line {
        let model = ["llama3.2", "qwen3:4b", "gpt-oss:20b", "m"][Int.random(in: 0..<4, using: &rng)]
        let head = "{\"model\":\"\(model)\",\"created_at\":\"\(createdAt(using: &rng))\","
        if final {
            let reason = ["stop", "length", "load"][Int.random(in: 0..<3, using: &rng)]
            let statistics = ",\"done\":true,\"total_duration\":\(Int.random(in: 0...Int(Int32.max), using: &rng) * 7)"
                + ",\"load_duration\":\(Int.random(in: 0...9_999_999, using: &rng)),\"prompt_eval_count\":\(Int.random(in: 0...131072, using: &rng))"
                + ",\"prompt_eval_duration\":\(Int.random(in: 0...999_999_999, using: &rng)),\"eval_count\":\(Int.random(in: 0...131072, using: &rng))"
                + ",\"eval_duration\":\(Int.random(in: 0...999_999_999_999, using: &rng))}"
            switch shape {
            case .chat:
                return Line(
                    text: head + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"\(reason)\"" + statistics,
                    shape: shape, isPlainDelta: false)
            case .generate:
                return Line(text: head + "\"response\":\"\",\"done_reason\":\"\(reason)\"" + statistics, shape: shape, isPlainDelta: false)
            }
        }
        let text = randomText(using: &rng)
        let escaped = goEscaped(text, using: &rng)
        let kind = Int.random(in: 0..<10, using: &rng)
        switch (shape, kind) {
        case (.chat, 0):
            return Line(
                text: head + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"\(escaped)\"},\"done\":false}",
                shape: shape, isPlainDelta: true, thinking: text)
        case (.chat, 1):
            let call = "{\"id\":\"call_\(Int.random(in: 0...999, using: &rng))\",\"function\":{\"index\":0,\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"\(escaped)\",\"days\":\(Int.random(in: 1...9, using: &rng))}}}"
            return Line(
                text: head + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[\(call)]},\"done\":false}",
                shape: shape, isPlainDelta: false, toolCalls: 1)
        case (.chat, _):
            return Line(
                text: head + "\"message\":{\"role\":\"assistant\",\"content\":\"\(escaped)\"},\"done\":false}",
                shape: shape, isPlainDelta: true, content: text)
        case (.generate, 0):
            return Line(text: head + "\"response\":\"\",\"thinking\":\"\(escaped)\",\"done\":false}", shape: shape, isPlainDelta: true, thinking: text)
        case (.generate, _):
            return Line(text: head + "\"response\":\"\(escaped)\",\"done\":false}", shape: shape, isPlainDelta: true, content: text)
        }
    }

    /// RFC 3339 with nanoseconds, trailing zeros dropped as Go's time.RFC3339Nano does.
    static func createdAt(using rng: inout some RandomNumberGenerator) -> String {
        var fraction = String(Int.random(in: 0...999_999_999, using: &rng))
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        if Int.random(in: 0..<4, using: &rng) == 0 { fraction = String(fraction.prefix(Int.random(in: 0...9, using: &rng))) + String(repeating: "0", count: 9) }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let zone = Bool.random(using: &rng) ? "Z" : "-07:00"
        return "2025-05-04T17:37:44" + (fraction.isEmpty ? "" : "." + fraction) + zone
    }

    static func randomText(using rng: inout some RandomNumberGenerator) -> String {
        let pieces = [
            "The", " quick", " brown", " fox", "<", ">", "&", "<div class=\"x\">", "&amp;", "\n", "\t", "\r", "\"", "\\",
            "é", "ñ", "ß", "日本", "語", "👋", "😀", "🇯🇵", "👩‍💻", "\u{2028}", "\u{2029}", "\u{0}", "\u{1B}", "\u{7F}",
            "\u{85}", "\u{FEFF}", "\u{FFFD}", "```swift\nlet x = 1\n```", "**bold**", "- item", "|a|b|", "$x^2$", "{}", "[]",
            " ", "",
        ]
        return (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
    }

    /// A JSON string body as Go's encoding/json writes it (with HTML escaping on, Ollama's default);
    /// `\b` and `\f` as older and newer Go versions spell them.
    static func goEscaped(_ text: String, using rng: inout some RandomNumberGenerator) -> String {
        let newerGo = Bool.random(using: &rng)
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}" where newerGo: output += "\\b"
            case "\u{0C}" where newerGo: output += "\\f"
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u00" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}
