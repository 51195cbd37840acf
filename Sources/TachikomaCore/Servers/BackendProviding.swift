/// A server the chat can switch to, as `/server` lists it.
public struct ServerListing: Sendable, Hashable {
    public var name: String
    /// The name of its kind, as the config file's `kind` spells it.
    public var kind: String
    /// Where it is, as configured (never with a key in it).
    public var url: String

    public init(name: String, kind: String, url: String) {
        self.name = name
        self.kind = kind
        self.url = url
    }
}

/// Builds the backend for a named server.
///
/// The executable's wiring provides it, so the chat can switch servers (`/server NAME`) without
/// knowing any backend; tests give it in-memory doubles.
public protocol BackendProviding: Sendable {
    /// Every server, in the order `/server` lists them.
    var servers: [ServerListing] { get }

    /// The backend for `name`, one of `servers`. Throws `BackendError` (e.g. `.configuration` for an
    /// unusable URL, `.unsupported` for a kind this build cannot speak) when it cannot be built.
    func makeBackend(forServer name: String) throws -> any Backend
}
