import Foundation

/// How sessions are named: automatically from the date and the first words, or by the user.
public enum SessionName {
    /// The longest name a person may give.
    public static let maximumLength = 80
    static let automaticWordCount = 6
    static let automaticTextLength = 40

    /// "2026-11-26 why is the sky blue": the local date and the first words of the first message.
    public static func automatic(firstUserText: String, date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let words = firstUserText
            .unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : String($0) }.joined()
            .split(whereSeparator: \.isWhitespace)
            .prefix(automaticWordCount)
        var text = ""
        for word in words {
            let candidate = text.isEmpty ? String(word) : text + " " + word
            if candidate.count > automaticTextLength {
                if text.isEmpty { text = String(word.prefix(automaticTextLength)) }
                break
            }
            text = candidate
        }
        return text.isEmpty ? "\(day) chat" : "\(day) \(text)"
    }

    /// The `number`th variant of a taken name: "NAME (2)".
    public static func numbered(_ base: String, _ number: Int) -> String {
        number <= 1 ? base : "\(base) (\(number))"
    }

    /// A name a person typed, trimmed, or the reason it cannot be one.
    public static func validated(_ name: String) throws(SessionStoreError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw .invalidName(name: name, reason: "it is empty") }
        if trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            throw .invalidName(name: name, reason: "it holds a line break or control character")
        }
        if trimmed.count > maximumLength {
            throw .invalidName(name: name, reason: "it is longer than \(maximumLength) characters")
        }
        return trimmed
    }
}
