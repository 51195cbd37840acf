import Foundation

/// A session as Markdown, for reading: a heading per message, thinking folded, settings in italics.
public enum MarkdownTranscript {
    public static func render(_ transcript: SessionTranscript) -> String {
        var out = "# \(transcript.session.name)\n\n"
        out += "Created \(stamp(transcript.session.createdAt)), last used \(stamp(transcript.session.lastUsedAt)).\n"
        for event in transcript.events {
            switch event {
            case .setting(let setting):
                out += "\n_\(describe(setting.change))_\n"
            case .message(let stored):
                out += "\n" + render(stored)
            }
        }
        return out
    }

    static func render(_ stored: StoredMessage) -> String {
        let message = stored.message
        var heading = "## \(message.role.rawValue.capitalized)"
        if let model = stored.model { heading += " (\(model)\(stored.server.map { " on " + $0 } ?? ""))" }
        if message.role == .tool, let name = message.toolName { heading += " `\(name)`" }
        var out = heading + "\n\n"
        if let thinking = message.thinking, !thinking.isEmpty {
            out += "<details><summary>Thinking</summary>\n\n\(thinking)\n\n</details>\n\n"
        }
        if !message.content.isEmpty { out += message.content + "\n" }
        if !message.attachments.isEmpty {
            out += "\n*Attached: " + message.attachments.map(\.label).joined(separator: " ") + "*\n"
        }
        for call in message.toolCalls {
            let arguments = (try? String(decoding: JSONEncoder().encode(call.arguments), as: UTF8.self)) ?? "{}"
            out += "\nCalls `\(call.name)` with `\(arguments)`\n"
        }
        var notes: [String] = []
        if let tokens = stored.usage?.completionTokens { notes.append("\(tokens) tokens") }
        if let rate = stored.usage?.completionRate { notes.append(String(format: "%.1f tokens/s", rate)) }
        if stored.isInterrupted { notes.append("interrupted") }
        if stored.reachedLengthLimit { notes.append("cut at the length limit") }
        if !notes.isEmpty { out += "\n*\(notes.joined(separator: " · "))*\n" }
        return out
    }

    static func describe(_ change: SettingChange) -> String {
        switch change {
        case .model(let model): "Model: \(model)"
        case .systemPrompt(let prompt?): "System prompt: \(prompt)"
        case .systemPrompt(nil): "System prompt removed"
        case .options(let options): "Options: " + SettingText.options(options)
        case .think(let think): "Thinking: " + SettingText.think(think)
        case .format(.json?): "Format: JSON"
        case .format(.schema?): "Format: JSON schema"
        case .format(nil): "Format: free text"
        }
    }

    static func stamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
