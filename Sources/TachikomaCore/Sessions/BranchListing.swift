import Foundation

/// A conversation's branches as `/branches` and `tachikoma branches` show them: one line each,
/// beginning with its number. Everything in it may be a model's or a user's text: sanitize it before
/// it reaches a terminal.
public enum BranchListing {
    /// One branch, as listed (and as `tachikoma branches --json` writes it).
    public struct Row: Sendable, Hashable, Codable {
        public var number: Int
        /// The branch it leaves; nil for the main line and for a branch that starts anew.
        public var parent: Int?
        /// How many messages it shares with `parent`: it leaves it after that message.
        public var after: Int
        public var messages: Int
        /// Its last user message, whole.
        public var lastUserMessage: String?
        /// The chat goes on with this branch.
        public var current: Bool
        /// Where on this branch the chat stands when that is not its end (after `/undo`): the
        /// number of messages up to there.
        public var currentAt: Int?

        private enum CodingKeys: String, CodingKey {
            case number, parent, after, messages, lastUserMessage, current, currentAt
        }

        /// Every key is written, null when empty, so scripts find the same shape in every object.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(parent, forKey: .parent)
            try container.encode(after, forKey: .after)
            try container.encode(messages, forKey: .messages)
            try container.encode(lastUserMessage, forKey: .lastUserMessage)
            try container.encode(current, forKey: .current)
            try container.encode(currentAt, forKey: .currentAt)
        }
    }

    /// The rows of `branches`; `head` is the node the chat stands at, `message` gives a node's message.
    public static func rows(
        _ branches: ConversationBranches, head: Int64?, message: (Int64) -> Message?
    ) -> [Row] {
        let current = branches.branch(containing: head)
        return branches.branches.map { branch in
            let lastUser = branch.path.reversed().lazy.compactMap(message).first { $0.role == .user }
            var currentAt: Int?
            if branch.number == current?.number, let head, let position = branch.path.firstIndex(of: head),
                position + 1 < branch.path.count
            {
                currentAt = position + 1
            }
            return Row(
                number: branch.number, parent: branch.parentBranch, after: branch.sharedCount,
                messages: branch.path.count, lastUserMessage: lastUser?.content, current: branch.number == current?.number,
                currentAt: currentAt)
        }
    }

    /// The rows of a saved session's branches.
    public static func rows(_ transcript: SessionTranscript) -> [Row] {
        var messages: [Int64: Message] = [:]
        for stored in transcript.allMessages { messages[stored.id.rawValue] = stored.message }
        return rows(transcript.branches, head: transcript.headID?.rawValue) { messages[$0] }
    }

    /// `2  from branch 1 after message 4 · 6 messages · "what about rust?"  ← current`, a line each;
    /// the last user message is shortened to fit `width` (80 when unknown).
    public static func lines(_ rows: [Row], width: Int? = nil) -> [String] {
        let numberWidth = String(rows.count).count
        return rows.map { row in
            let number = String(repeating: " ", count: max(0, numberWidth - String(row.number).count)) + String(row.number)
            let origin: String
            switch (row.number, row.parent) {
            case (1, _): origin = "main line"
            case (_, let parent?): origin = "from branch \(parent) after message \(row.after)"
            case (_, nil): origin = "from the start"
            }
            var mark = ""
            if row.current { mark = row.currentAt.map { "  ← current, at message \($0)" } ?? "  ← current" }
            let head = "\(number)  \(origin) · \(row.messages) message\(row.messages == 1 ? "" : "s")"
            guard let text = row.lastUserMessage else { return head + mark }
            let room = max((width ?? 80) - head.count - mark.count - 6, 12)
            return head + " · \"" + shortened(text, to: room) + "\"" + mark
        }
    }

    /// The whole tree as text (`history --all`): the main line, then each other branch from where
    /// it leaves the branch it comes from, under a heading.
    public static func tree(_ transcript: SessionTranscript, timeZone: TimeZone = .current) -> String {
        var byID: [Int64: StoredMessage] = [:]
        for stored in transcript.allMessages { byID[stored.id.rawValue] = stored }
        let current = transcript.currentBranch?.number
        var out = TranscriptText.heading(transcript, parentName: nil, timeZone: timeZone)
        for branch in transcript.branches.branches {
            let origin =
                branch.number == 1
                ? "main line"
                : branch.parentBranch.map { "from branch \($0) after message \(branch.sharedCount)" } ?? "from the start"
            out += "\n── branch \(branch.number): \(origin)\(branch.number == current ? " (current)" : "") ──\n"
            var userNumber = branch.path.prefix(branch.sharedCount).filter { byID[$0]?.message.role == .user }.count
            for id in branch.path.dropFirst(branch.sharedCount) {
                guard let stored = byID[id] else { continue }
                if stored.message.role == .user { userNumber += 1 }
                out += "\n" + TranscriptText.render(stored, userNumber: userNumber)
            }
        }
        return out
    }

    /// The first line of `text`, cut to `limit` characters with an ellipsis.
    static func shortened(_ text: String, to limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let cut = line.count > limit || line.count < text.trimmingCharacters(in: .whitespacesAndNewlines).count
        guard cut else { return line }
        return String(line.prefix(max(limit - 1, 1))) + "…"
    }
}
