/// What the config file accepts for servers of one kind, and the words it uses about them: each
/// backend provides its own, and `ServerKindRegistry` holds those the executable registers.
public struct ServerKindDescription: Sendable, Hashable {
    /// The config file's `kind`.
    public var kind: ServerKind
    /// Which URLs a server of this kind may have (its `url`).
    public var urlForm: ServerURLForm
    /// The URLs the config file's messages give as examples, most usual first.
    public var urlExamples: [String]
    /// Where such a server listens when nothing says otherwise.
    public var defaultURL: String
    /// The keys beyond `kind` and `url` a server of this kind may have.
    public var optionalKeys: [ServerConfigKey]
    /// A variable the `api_key_env` message gives as an example, e.g. `VENDOR_API_KEY`.
    public var apiKeyVariableExample: String
    /// The environment variable that says where a server of this kind is, when it is the implicit
    /// server (`ServerKindRegistry.implicitServer`); it overrides the config file's `host`.
    public var addressEnvironmentVariable: String?

    public init(
        kind: ServerKind, urlForm: ServerURLForm, urlExamples: [String], defaultURL: String,
        optionalKeys: [ServerConfigKey] = ServerConfigKey.allCases, apiKeyVariableExample: String,
        addressEnvironmentVariable: String? = nil
    ) {
        self.kind = kind
        self.urlForm = urlForm
        self.urlExamples = urlExamples
        self.defaultURL = defaultURL
        self.optionalKeys = optionalKeys
        self.apiKeyVariableExample = apiKeyVariableExample
        self.addressEnvironmentVariable = addressEnvironmentVariable
    }

    /// Every key a server of this kind may have, in the order messages list them.
    public var keys: [String] {
        ["kind", "url"] + optionalKeys.map(\.rawValue)
    }

    /// The examples as messages quote them: `"http://h:1/v1"`, or `"a" or "b"`.
    var quotedURLExamples: String {
        urlExamples.map { "\"\($0)\"" }.joined(separator: " or ")
    }
}

/// The URLs a kind of server accepts in the config file.
public enum ServerURLForm: Sendable, Hashable {
    /// An absolute `http://` or `https://` URL with a host, e.g. an API base.
    case httpURL
    /// That, or an address without a scheme (`host`, `host:port`, `:port`), as an address
    /// variable takes it; its backend reads it in full when it is built.
    case httpURLOrAddress
}

/// A key a configured server may have beyond `kind` and `url`.
public enum ServerConfigKey: String, Sendable, Hashable, CaseIterable {
    /// The environment variable holding the key sent as `Authorization: Bearer`.
    case apiKeyEnvironmentVariable = "api_key_env"
    /// A PEM file of certificates to trust for an `https://` URL.
    case caFile = "ca_file"
    /// Models that can see, for a server that does not say what its models can do.
    case visionModels = "vision_models"
}
