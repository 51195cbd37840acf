import Foundation

/// Reads the config file's `servers` map: name → `{kind, url, api_key_env?, ca_file?}`.
extension ConfigReader {
    static let serverKeys = ["kind", "url", "api_key_env", "ca_file"]

    func servers(_ value: JSONValue) throws(ConfigError) -> [String: ServerEntry] {
        guard case .object(let members) = value else {
            throw ConfigError.wrongType(path: file, key: "servers", expected: "an object of named servers { \"NAME\": { \"kind\": …, \"url\": … } }")
        }
        var servers: [String: ServerEntry] = [:]
        for name in members.keys.sorted() {
            guard ServerEntry.isValidName(name) else {
                throw ConfigError.badValue(
                    path: file, key: "servers", value: name,
                    expected: "a server name of letters, digits, '.', '_' or '-' (at most 64)")
            }
            servers[name] = try server(name, members[name] ?? .null)
        }
        return servers
    }

    private func server(_ name: String, _ value: JSONValue) throws(ConfigError) -> ServerEntry {
        let prefix = "servers." + name
        guard case .object(let members) = value else {
            throw ConfigError.wrongType(path: file, key: prefix, expected: "an object { \"kind\": \"ollama\" or \"openai\", \"url\": … }")
        }
        for key in members.keys.sorted() where !Self.serverKeys.contains(key) {
            throw ConfigError.unknownKey(path: file, key: prefix + "." + key, known: Self.serverKeys.map { prefix + "." + $0 })
        }
        guard let kindValue = members["kind"] else { throw ConfigError.missingKey(path: file, key: prefix + ".kind") }
        let kindWord = try oneOf(prefix + ".kind", kindValue, ServerKind.allCases.map(\.rawValue))
        let kind = ServerKind(rawValue: kindWord) ?? .ollama
        guard let urlValue = members["url"] else { throw ConfigError.missingKey(path: file, key: prefix + ".url") }
        let url = try serverURL(prefix + ".url", urlValue, kind: kind)
        var entry = ServerEntry(kind: kind, url: url)
        if let keyVariable = members["api_key_env"], keyVariable != .null {
            guard case .string(let variable) = keyVariable else {
                throw ConfigError.wrongType(path: file, key: prefix + ".api_key_env", expected: "the name of an environment variable, e.g. \"OPENAI_API_KEY\"")
            }
            guard ServerEntry.isValidEnvironmentName(variable) else {
                throw ConfigError.badValue(
                    path: file, key: prefix + ".api_key_env", value: variable,
                    expected: "the name of an environment variable holding the key (letters, digits, '_'), not the key itself")
            }
            entry.apiKeyEnvironmentVariable = variable
        }
        if let caFile = members["ca_file"] { entry.caFile = try optionalPath(prefix + ".ca_file", caFile) }
        return entry
    }

    /// For `openai`, an absolute http(s) URL with a host; for `ollama`, what `OLLAMA_HOST` takes
    /// (`host`, `host:port`, `http(s)://…`), which its backend reads in full when it is built.
    private func serverURL(_ key: String, _ value: JSONValue, kind: ServerKind) throws(ConfigError) -> String {
        let example = kind == .openai ? "\"http://127.0.0.1:8080/v1\"" : "\"http://127.0.0.1:11434\" or \"127.0.0.1:11434\""
        guard case .string(let text) = value else { throw ConfigError.wrongType(path: file, key: key, expected: "a URL such as \(example)") }
        let fault: String?
        if text.isEmpty || text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            fault = "a URL without spaces or control characters, such as \(example)"
        } else if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            let host = URL(string: text)?.host ?? ""
            fault = (scheme == "http" || scheme == "https") && !host.isEmpty ? nil : "an http:// or https:// URL with a host, such as \(example)"
        } else {
            fault = kind == .openai ? "an http:// or https:// URL with a host, such as \(example)" : nil
        }
        if let fault { throw ConfigError.badValue(path: file, key: key, value: text, expected: fault) }
        return text
    }
}
