import Foundation
import TachikomaCore

/// A tool call and its result as one line each, for the chat and `run` alike: `[tool] name {"arg":…}`
/// and `  → result`, sanitized and cut to a width.
public enum ToolCallText {
    /// `[tool] name {"arg":…}` on one line, cut to the terminal's width.
    public static func call(_ call: ToolCall, width: Int?) -> String {
        let arguments = compactJSON(call.arguments == .null ? .object([:]) : call.arguments)
        return cutToWidth(TerminalSanitizer.clean(oneLine("[tool] \(call.name) \(arguments)")), width: width)
    }

    /// `  → ` and the start of a result, on one line.
    public static func result(_ content: String, width: Int?) -> String {
        let text = oneLine(content.trimmingWhitespace())
        return cutToWidth(TerminalSanitizer.clean("  → " + (text.isEmpty ? "(empty)" : text)), width: width)
    }

    public static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    private static func cutToWidth(_ text: String, width: Int?) -> String {
        let limit = max((width ?? 160) - 1, 20)
        guard DisplayWidth.of(text) > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            used += DisplayWidth.of(character)
            if used + 1 > limit { break }
            result.append(character)
        }
        return result + "…"
    }

    static func compactJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

}
