import Foundation

/// A secret for `Authorization: Bearer`, kept out of every description so that printing or logging
/// a configuration never shows it.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key itself, for the request header only.
    let secret: String

    /// nil for a blank value: an empty `OLLAMA_API_KEY` means no key, as for Ollama.
    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        secret = trimmed
    }

    /// The value of the `Authorization` header.
    var authorizationHeader: String { "Bearer \(secret)" }

    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { description }
    /// `dump` and `Mirror` see no children, so reflection cannot reveal the key either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
