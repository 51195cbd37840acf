/// One request option a backend takes beyond the chat's own (temperature, top_p, seed, stop, think,
/// format): what `/set NAME VALUE` accepts for it and where the value is kept and sent.
public struct RequestParameter: Sendable, Hashable {
    /// What the value is.
    public enum Kind: Sendable, Hashable {
        case whole(NumericLimit)
        case decimal(NumericLimit)
        /// True or false.
        case flag
    }

    /// Where a set value is kept in `GenerationOptions`, so it survives a change of server and
    /// reaches any backend that sends that field, whatever the backend calls it.
    public enum Field: Sendable, Hashable {
        case topK, minP, maxTokens, repeatPenalty, repeatLastN
        /// The context window (`GenerationOptions.contextLength`).
        case contextLength
        /// Under the parameter's own name in `GenerationOptions.extraOptions`, sent as it is.
        case extra
    }

    /// The name `/set` lists and shows, e.g. `num_ctx` or `max_tokens`.
    public var name: String
    /// Other names typed for it, e.g. `num_predict` for `max_tokens`.
    public var aliases: [String]
    public var kind: Kind
    public var field: Field
    /// One line: what it does, e.g. "tokens to generate; -1 unlimited".
    public var note: String
    /// Whether `/set` lists it while unset; rarely used runner options are listed only once set.
    public var listedWhenUnset: Bool

    public init(
        _ name: String, aliases: [String] = [], _ kind: Kind, field: Field, note: String, listedWhenUnset: Bool = true
    ) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.field = field
        self.note = note
        self.listedWhenUnset = listedWhenUnset
    }

    /// Whether a value set through `other` is the value this one sends: the same field, and for
    /// `extra` the same name.
    public func carriesValue(of other: RequestParameter) -> Bool {
        field == other.field && (field != .extra || name == other.name)
    }
}

/// What a backend's server takes with a request, as the chat offers it: its own parameters and
/// how its context window is chosen. The chat builds `/set`, `/ctx` and their help from this, and
/// never names a kind of server itself.
public struct RequestParameterTable: Sendable, Hashable {
    /// The kind of server in the middle of a sentence: a product's name, or "the … server".
    public var serverKind: String
    public var parameters: [RequestParameter]
    /// Where the context window is chosen when no parameter sets it per request, completing
    /// "its context window is …", e.g. "set where the server is started, e.g. llama-server -c 8192".
    public var contextWindowHint: String
    /// Names people type for the context window (another server's, e.g. `num_ctx`); on a server
    /// that does not take it per request, `/set NAME` answers with `contextWindowHint`.
    public var contextWindowNames: [String]

    public init(
        serverKind: String, parameters: [RequestParameter], contextWindowHint: String, contextWindowNames: [String] = []
    ) {
        self.serverKind = serverKind
        self.parameters = parameters
        self.contextWindowHint = contextWindowHint
        self.contextWindowNames = contextWindowNames
    }

    /// The parameter that sets the context window per request; nil when the server fixes it.
    public var contextWindowParameter: RequestParameter? { parameters.first { $0.field == .contextLength } }

    /// The parameter that limits the tokens generated, if the server takes one.
    public var maxTokensParameter: RequestParameter? { parameters.first { $0.field == .maxTokens } }

    /// The parameter called `name` (or one of its aliases), ignoring case.
    public func named(_ name: String) -> RequestParameter? {
        let name = name.lowercased()
        return parameters.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Whether `name` means the context window on this server, settable or not.
    public func namesContextWindow(_ name: String) -> Bool {
        let name = name.lowercased()
        return contextWindowNames.contains(name) || contextWindowParameter.map { $0.name == name || $0.aliases.contains(name) } == true
    }

    /// What a backend that declares nothing takes: only the chat's own settings.
    public static let chatSettingsOnly = RequestParameterTable(
        serverKind: "this server", parameters: [], contextWindowHint: "set on the server")
}
