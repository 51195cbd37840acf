/// The kinds of server this build can speak, as their backends describe them, in the order
/// messages list them; and the implicit server, the one the config file need not name.
///
/// The executable registers its backends' kinds and passes the registry where the config file is
/// read (`TachikomaConfig.load`), so Core checks servers without knowing any kind itself.
public struct ServerKindRegistry: Sendable, Hashable {
    /// Every registered kind, in the order of registration.
    public private(set) var kinds: [ServerKindDescription] = []
    /// The server that needs no entry in `servers`: the config file's `host`, its kind's address
    /// variable and `--host` say where it is. nil when there is none.
    public private(set) var implicitServer: ImplicitServer?

    /// No kinds: a config file's `servers` entries are all refused.
    public init() {}

    /// Adds a kind; a kind already there is replaced in place.
    public mutating func register(_ description: ServerKindDescription) {
        if let index = kinds.firstIndex(where: { $0.kind == description.kind }) {
            kinds[index] = description
        } else {
            kinds.append(description)
        }
        if implicitServer?.kind.kind == description.kind { implicitServer?.kind = description }
    }

    /// Makes `name` the implicit server, of `kind` (registered here if it is not yet).
    public mutating func setImplicitServer(named name: String, kind: ServerKindDescription) {
        register(kind)
        implicitServer = ImplicitServer(name: name, kind: kind)
    }

    /// The description of `kind`, when it is registered.
    public func description(of kind: ServerKind) -> ServerKindDescription? {
        kinds.first { $0.kind == kind }
    }

    /// The registered kinds' names, as the config file spells them.
    public var names: [String] { kinds.map(\.kind.rawValue) }

    /// Every key some registered kind accepts, each once, in the order messages list them.
    var allKeys: [String] {
        var keys = ["kind", "url"]
        for key in kinds.flatMap(\.keys) where !keys.contains(key) { keys.append(key) }
        return keys
    }
}

/// The server a command uses when neither `--server` nor the config file's `default_server` names
/// one, present unless the config file defines a server of its name.
public struct ImplicitServer: Sendable, Hashable {
    /// Its name, as `/server` and `--server` show it.
    public var name: String
    public var kind: ServerKindDescription

    public init(name: String, kind: ServerKindDescription) {
        self.name = name
        self.kind = kind
    }
}
