import Foundation
import TachikomaCore

/// JSON for `--json` output: pretty, keys sorted, one trailing newline.
///
/// The encoder escapes the C0 controls but leaves DEL and the C1 controls (U+007F–U+009F) as they
/// are, and U+009B acts as CSI on some terminals; those are written as `\u00XX` escapes too, which
/// decode to the same strings, so the JSON stays exact and still cannot act on a terminal.
enum JSONOutput {
    static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return escapingC1(collapsingEmpty(String(decoding: try encoder.encode(value), as: UTF8.self))) + "\n"
    }

    /// `[]` and `{}` for empty arrays and objects, which Foundation's pretty printer spreads over
    /// three lines. A raw line break occurs only between tokens (inside strings it is `\n`), so
    /// this touches the layout alone.
    static func collapsingEmpty(_ json: String) -> String {
        guard json.contains("\n\n") else { return json }
        return json.replacing(/\[\n\n *\]/, with: "[]").replacing(/\{\n\n *\}/, with: "{}")
    }

    /// One line, for values shown inside a sentence.
    static func compact<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { escapingC1(String(decoding: $0, as: UTF8.self)) } ?? ""
    }

    /// Encoded JSON with DEL and the C1 controls, which can occur only inside its strings, escaped.
    static func escapingC1(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return json }
        var escaped = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) {
                escaped.append(contentsOf: "\\u00\(String(scalar.value, radix: 16))".unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    static func timestamp(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(ISO8601DateFormatter().string(from: date))
    }
}
