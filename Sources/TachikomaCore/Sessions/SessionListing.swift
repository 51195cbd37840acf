import Foundation

/// `tachikoma sessions` (and the chat's `/sessions`): every session with the models that answered in
/// it, its message count and when it was last used, as a table like a model list or as JSON.
public enum SessionListing {
    /// NAME, MODELS, MESSAGES, LAST USED; the header alone when there are none. `clean` is applied
    /// to the stored names before the columns are measured: pass the terminal sanitizer.
    public static func table(
        _ summaries: [SessionSummary], now: Date = Date(), clean: (String) -> String = { $0 }
    ) -> String {
        var rows = [["NAME", "MODELS", "MESSAGES", "LAST USED"]]
        for summary in summaries {
            rows.append([
                clean(summary.session.name), summary.models.isEmpty ? "-" : clean(summary.models.joined(separator: ", ")),
                String(summary.messageCount),
                // The store keeps milliseconds, rounded: a session used this instant may read as
                // just after `now`, never "from now".
                HumanReadable.relativeTime(min(summary.session.lastUsedAt, now), now: now),
            ])
        }
        return HumanReadable.table(rows)
    }

    /// One object per session, the most recently used first:
    /// `{"name", "models": [..], "messages", "createdAt", "lastUsedAt"}` (times ISO 8601, UTC, with
    /// milliseconds, as in the JSON export).
    public static func json(_ summaries: [SessionSummary]) -> JSONValue {
        .array(
            summaries.map { summary in
                [
                    "name": .string(summary.session.name), "models": .array(summary.models.map(JSONValue.string)),
                    "messages": .number(Double(summary.messageCount)),
                    "createdAt": .string(ArchiveDocument.text(summary.session.createdAt)),
                    "lastUsedAt": .string(ArchiveDocument.text(summary.session.lastUsedAt)),
                ]
            })
    }
}
