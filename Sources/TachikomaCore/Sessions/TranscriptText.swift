import Foundation

/// A session as text for a terminal (`tachikoma history`): the user's turns as the chat shows them
/// (`>>> `), each answer under its model with its tokens and speed, setting changes as `· ` lines,
/// thinking folded to a one-line marker and interrupted answers marked. Everything in it is stored
/// text, much of it a model's: sanitize it before it reaches a terminal.
public enum TranscriptText {
    /// `parentName`: the session a replay replays, named in the heading.
    public static func render(
        _ transcript: SessionTranscript, parentName: String? = nil, timeZone: TimeZone = .current
    ) -> String {
        var out = heading(transcript, parentName: parentName, timeZone: timeZone)
        if transcript.hasBranches {
            out += "branch \(transcript.currentBranch?.number ?? 0) of \(transcript.branches.count) (--all shows every one)\n"
        }
        var previousWasSetting = false
        var userNumber = 0
        for event in transcript.events {
            switch event {
            case .setting(let setting):
                // Consecutive changes (a session's starting settings) make one block.
                out += (previousWasSetting ? "" : "\n") + "· " + MarkdownTranscript.describe(setting.change) + "\n"
                previousWasSetting = true
            case .message(let stored):
                if stored.message.role == .user { userNumber += 1 }
                out += "\n" + render(stored, userNumber: userNumber)
                previousWasSetting = false
            }
        }
        return out
    }

    /// The session's name, then when it was made and last used and how many messages it has.
    static func heading(_ transcript: SessionTranscript, parentName: String?, timeZone: TimeZone) -> String {
        let session = transcript.session
        var out = "\(session.name)\n"
        out += "created \(stamp(session.createdAt, timeZone)), last used \(stamp(session.lastUsedAt, timeZone)), "
        out += count(transcript.messages.count, "message")
        out += (parentName.map { ", a replay of \"\($0)\"" } ?? "") + "\n"
        return out
    }

    /// `userNumber`: a user message's number on its branch, shown before it (what `/edit N` takes).
    static func render(_ stored: StoredMessage, userNumber: Int? = nil) -> String {
        let message = stored.message
        var out = ""
        switch message.role {
        case .user:
            let number = userNumber.map { "[\($0)] " } ?? ""
            let indent = String(repeating: " ", count: number.count)
            let lines = message.contentWithLabels.split(separator: "\n", omittingEmptySubsequences: false)
            out += lines.enumerated().map { index, line in (index == 0 ? number + ">>> " : indent + "... ") + line }
                .joined(separator: "\n")
            out += "\n"
            if !message.images.isEmpty, message.attachments.isEmpty { out += "[" + count(message.images.count, "image") + "]\n" }
            return out
        case .assistant:
            out += answerHeading(stored) + "\n"
        case .system:
            out += "[system]\n"
        case .tool:
            out += "[tool result" + (message.toolName.map { ": \($0)" } ?? "") + "]\n"
        }
        if let thinking = message.thinking, !thinking.isEmpty { out += thinkingMarker(words: wordCount(thinking)) + "\n" }
        if !message.content.isEmpty {
            out += message.content + (message.content.hasSuffix("\n") ? "" : "\n")
        }
        for call in message.toolCalls {
            out += "[calls \(call.name) \(compactJSON(call.arguments))]\n"
        }
        if stored.isInterrupted { out += "[interrupted]\n" }
        if stored.reachedLengthLimit { out += "[cut at the length limit]\n" }
        return out
    }

    /// `llama3.1:8b · 298 tokens · 63.4 tokens/s`, or `llama3.1:8b on vllm · …` when the server was
    /// recorded: who answered and what the server counted.
    static func answerHeading(_ stored: StoredMessage) -> String {
        let measured = counts(tokens: stored.usage?.completionTokens, tokensPerSecond: stored.usage?.completionRate)
        let server = stored.server.map { " on " + $0 } ?? ""
        return (stored.model ?? "assistant") + server + (measured.isEmpty ? "" : " · " + measured)
    }

    /// `298 tokens · 63.4 tokens/s`, what of it the server counted; empty when nothing.
    public static func counts(tokens: Int?, tokensPerSecond: Double?) -> String {
        var parts: [String] = []
        if let tokens { parts.append(count(tokens, "token")) }
        if let tokensPerSecond { parts.append(String(format: "%.1f tokens/s", tokensPerSecond)) }
        return parts.joined(separator: " · ")
    }

    /// The one line that stands for an answer's thinking: how long it was, not what it said.
    public static func thinkingMarker(words: Int) -> String {
        "[thinking folded: \(count(words, "word"))]"
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func compactJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// `2026-11-26 20:31`, local time.
    static func stamp(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }
}
