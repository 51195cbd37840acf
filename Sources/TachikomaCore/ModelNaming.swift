/// How a server spells model names: which names it takes to be the same model.
///
/// The chat asks its backend for this, so a rule of one server (an implicit default tag such as
/// `:latest`) never applies to another's names.
public protocol ModelNaming: Sendable {
    /// The server's spelling of `name` among `names`, when it has that model.
    func match(_ name: String, in names: [String]) -> String?
    /// Whether the two names are the same model.
    func same(_ lhs: String, _ rhs: String) -> Bool
    /// The one spelling the chat shows and sends for `name` (`sloth` → `sloth:latest` on Ollama), so a
    /// model is never shown both ways.
    func canonical(_ name: String) -> String
}

extension ModelNaming {
    public func canonical(_ name: String) -> String { name }
}

/// Names are the same model only when they are equal: what most servers do.
public struct ExactModelNaming: ModelNaming {
    public init() {}

    public func match(_ name: String, in names: [String]) -> String? {
        names.contains(name) ? name : nil
    }

    public func same(_ lhs: String, _ rhs: String) -> Bool { lhs == rhs }
}

/// Names of the form `name:tag`, where a name without a tag means `defaultTag`: with `latest`,
/// `llama3.2` and `llama3.2:latest` are the same model. The backend whose server works so supplies
/// the tag.
public struct TaggedModelNaming: ModelNaming {
    public let defaultTag: String

    public init(defaultTag: String) {
        self.defaultTag = defaultTag
    }

    public func match(_ name: String, in names: [String]) -> String? {
        if names.contains(name) { return name }
        if !name.contains(":"), names.contains(name + ":" + defaultTag) { return name + ":" + defaultTag }
        return nil
    }

    public func same(_ lhs: String, _ rhs: String) -> Bool {
        normalized(lhs) == normalized(rhs)
    }

    public func canonical(_ name: String) -> String {
        normalized(name)
    }

    /// With the default tag when the name has none; a `:` before the last `/` is a registry's port.
    private func normalized(_ name: String) -> String {
        let lastPart = name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name)
        return lastPart.contains(":") || name.isEmpty ? name : name + ":" + defaultTag
    }
}
