/// One named server from the config file's `servers` map.
///
/// A key is never stored here: `apiKeyEnvironmentVariable` names the variable that holds it, read
/// only when the backend is built.
public struct ServerEntry: Sendable, Hashable {
    /// One of the kinds registered when the file was read.
    public var kind: ServerKind
    public var url: String
    /// The environment variable holding a key sent as `Authorization: Bearer`, e.g. `VENDOR_API_KEY`.
    public var apiKeyEnvironmentVariable: String?
    /// A PEM file of certificates to trust for an `https://` URL with a private certificate.
    public var caFile: String?
    /// `vision_models`: models on this server that can see, when the server does not say.
    public var visionModels: [String] = []

    public init(kind: ServerKind, url: String, apiKeyEnvironmentVariable: String? = nil, caFile: String? = nil) {
        self.kind = kind
        self.url = url
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.caFile = caFile
    }

    /// Whether `name` can name a server: letters, digits, `.`, `_` and `-`, so that it is one word
    /// on the `/server` line and in Tab completion.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            }
    }

    /// Whether `name` can name an environment variable: a letter or `_`, then letters, digits or `_`.
    public static func isValidEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        return name.utf8.count <= 128
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }
}
