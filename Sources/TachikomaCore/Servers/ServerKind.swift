/// The protocol a configured server speaks, by the name the config file's `kind` gives it.
///
/// Core knows no kind by name: each backend describes its own (`ServerKindDescription`) and the
/// executable registers them (`ServerKindRegistry`), so a new backend changes no Core file.
public struct ServerKind: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The word the config file's `kind` holds.
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }
}
