import Foundation

/// Reads the config file's `servers` map: name → `{kind, url, api_key_env?, ca_file?}`, each kind
/// one of `kinds` and checked by the rules its backend describes.
extension ConfigReader {
    func servers(_ value: JSONValue, kinds: ServerKindRegistry) throws(ConfigError) -> [String: ServerEntry] {
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
            servers[name] = try server(name, members[name] ?? .null, kinds: kinds)
        }
        return servers
    }

    private func server(_ name: String, _ value: JSONValue, kinds: ServerKindRegistry) throws(ConfigError) -> ServerEntry {
        let prefix = "servers." + name
        let kindChoices = kinds.names.map { "\"\($0)\"" }.joined(separator: " or ")
        guard case .object(let members) = value else {
            throw ConfigError.wrongType(path: file, key: prefix, expected: "an object { \"kind\": \(kindChoices), \"url\": … }")
        }
        // Keys no kind takes are refused before the kind is read, so a misspelt key is named even
        // when the kind is wrong too.
        try refuseUnknownKeys(members, prefix: prefix, known: kinds.allKeys)
        guard let kindValue = members["kind"] else { throw ConfigError.missingKey(path: file, key: prefix + ".kind") }
        guard case .string(let word) = kindValue, let kind = kinds.description(of: ServerKind(rawValue: word)) else {
            // As `oneOf` says it of any other key.
            let choices = kinds.names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw ConfigError.wrongType(path: file, key: prefix + ".kind", expected: "one of " + choices)
        }
        try refuseUnknownKeys(members, prefix: prefix, known: kind.keys)
        guard let urlValue = members["url"] else { throw ConfigError.missingKey(path: file, key: prefix + ".url") }
        let url = try serverURL(prefix + ".url", urlValue, kind: kind)
        var entry = ServerEntry(kind: kind.kind, url: url)
        if let keyVariable = members[ServerConfigKey.apiKeyEnvironmentVariable.rawValue], keyVariable != .null {
            let key = prefix + "." + ServerConfigKey.apiKeyEnvironmentVariable.rawValue
            guard case .string(let variable) = keyVariable else {
                throw ConfigError.wrongType(
                    path: file, key: key, expected: "the name of an environment variable, e.g. \"\(kind.apiKeyVariableExample)\"")
            }
            guard ServerEntry.isValidEnvironmentName(variable) else {
                throw ConfigError.badValue(
                    path: file, key: key, value: variable,
                    expected: "the name of an environment variable holding the key (letters, digits, '_'), not the key itself")
            }
            entry.apiKeyEnvironmentVariable = variable
        }
        if let caFile = members[ServerConfigKey.caFile.rawValue] {
            entry.caFile = try optionalPath(prefix + "." + ServerConfigKey.caFile.rawValue, caFile)
        }
        if let models = members[ServerConfigKey.visionModels.rawValue] {
            entry.visionModels = try modelNames(prefix + "." + ServerConfigKey.visionModels.rawValue, models)
        }
        return entry
    }

    private func refuseUnknownKeys(_ members: [String: JSONValue], prefix: String, known: [String]) throws(ConfigError) {
        for key in members.keys.sorted() where !known.contains(key) {
            throw ConfigError.unknownKey(path: file, key: prefix + "." + key, known: known.map { prefix + "." + $0 })
        }
    }

    /// An absolute http(s) URL with a host; for a kind that takes an address too (`.httpURLOrAddress`),
    /// also one without a scheme, which its backend reads in full when it is built.
    private func serverURL(_ key: String, _ value: JSONValue, kind: ServerKindDescription) throws(ConfigError) -> String {
        let example = kind.quotedURLExamples
        guard case .string(let text) = value else { throw ConfigError.wrongType(path: file, key: key, expected: "a URL such as \(example)") }
        let fault: String?
        if text.isEmpty || text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            fault = "a URL without spaces or control characters, such as \(example)"
        } else if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            let host = URL(string: text)?.host ?? ""
            fault = (scheme == "http" || scheme == "https") && !host.isEmpty ? nil : "an http:// or https:// URL with a host, such as \(example)"
        } else {
            fault = kind.urlForm == .httpURL ? "an http:// or https:// URL with a host, such as \(example)" : nil
        }
        if let fault { throw ConfigError.badValue(path: file, key: key, value: text, expected: fault) }
        return text
    }
}
