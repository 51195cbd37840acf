import Foundation

/// A secret for `Authorization: Bearer`, kept out of every description so that printing or logging
/// a configuration never shows it.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key itself, for the request header only.
    let secret: String

    /// nil for a blank value: an empty `OLLAMA_API_KEY` (or any key variable) means no key.
    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        secret = trimmed
    }

    /// The value of the `Authorization` header.
    public var authorizationHeader: String { "Bearer \(secret)" }

    /// `text` with every occurrence of the key replaced, for server messages that quote it back.
    public func redacted(in text: String) -> String {
        text.replacingOccurrences(of: secret, with: "[redacted key]")
    }

    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { description }
    /// `dump` and `Mirror` see no children, so reflection cannot reveal the key either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
