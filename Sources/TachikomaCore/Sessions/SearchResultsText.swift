import Foundation

/// `tachikoma search` (and the chat's `/search`): matching messages, the newest first, each with
/// its session, role, date and a one-line snippet; or as JSON. Stored text: sanitize it before it
/// reaches a terminal.
public enum SearchResultsText {
    /// Two lines a hit: `2026-11-26 20:31  NAME  (assistant, llama3.1:8b)`, then the snippet
    /// indented, on one line. (A replay's name holds ` · `, so the role is set apart otherwise.)
    public static func render(_ hits: [SearchHit], timeZone: TimeZone = .current) -> String {
        hits.map { hit in
            let who = [hit.message.message.role.rawValue] + (hit.message.model.map { [$0] } ?? [])
            let heading =
                TranscriptText.stamp(hit.message.createdAt, timeZone) + "  " + hit.sessionName + "  ("
                + who.joined(separator: ", ") + ")"
            return heading + "\n    " + oneLine(hit.snippetText) + "\n"
        }.joined()
    }

    /// `{"session", "role", "model", "createdAt", "snippet", "content"}` per hit, the newest first.
    public static func json(_ hits: [SearchHit]) -> JSONValue {
        .array(
            hits.map { hit in
                [
                    "session": .string(hit.sessionName), "role": .string(hit.message.message.role.rawValue),
                    "model": hit.message.model.map(JSONValue.string) ?? .null,
                    "createdAt": .string(ArchiveDocument.text(hit.message.createdAt)),
                    "snippet": .string(hit.snippetText), "content": .string(hit.message.message.content),
                ]
            })
    }

    /// Line breaks and runs of white space as one space: a snippet stays on its line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
