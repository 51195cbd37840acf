/// What is wrong with a config file, naming the file and the place.
public enum ConfigError: Error, Sendable, Hashable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case invalidJSON(path: String, line: Int, column: Int, reason: String)
    case unknownKey(path: String, key: String, known: [String])
    case wrongType(path: String, key: String, expected: String)
    /// A number of the right type outside what the key allows; `value` as written, `allowed` in words.
    case outOfRange(path: String, key: String, value: String, allowed: String)
    /// A path (`history_file`) that cannot be used as given, e.g. `~` with no home directory.
    case unusablePath(path: String, key: String, value: String, reason: String)
    /// A value of the right type that cannot be used (a duplicate tool name, an undeclared placeholder);
    /// `reason` says why and what to write instead.
    case invalidValue(path: String, key: String, reason: String)
    /// A value of the right type that is not acceptable (a server URL, name or key variable).
    case badValue(path: String, key: String, value: String, expected: String)
    /// A key that must be given is missing (a server's `kind` or `url`).
    case missingKey(path: String, key: String)
    /// A name that should refer to something defined (`default_server`) does not.
    case undefinedName(path: String, key: String, value: String, defined: [String])
    /// The file is writable by its group or others; `mode` in octal.
    case insecurePermissions(path: String, mode: String)
}

extension ConfigError: CustomStringConvertible {
    /// Keys are escaped wherever they appear: nested ones (`tool_policy.NAME`, `options.NAME`) carry
    /// names from the file.
    public var description: String {
        switch self {
        case .missingFile(let path):
            return "config file \(path) does not exist; create it (see config.example.json) or drop --config"
        case .unreadable(let path, let reason):
            return "cannot read config file \(path): \(reason)"
        case .invalidJSON(let path, let line, let column, let reason):
            return "\(path):\(line):\(column): invalid JSON: \(reason)"
        case .unknownKey(let path, let key, let known):
            let hint = EditDistance.closest(to: key, among: known).map { "did you mean \"\($0)\"? " } ?? ""
            return "\(path): unknown key \"\(key.withControlCharactersEscaped)\"; \(hint)known keys: \(known.joined(separator: ", "))"
        case .wrongType(let path, let key, let expected):
            return "\(path): \"\(key.withControlCharactersEscaped)\" must be \(expected)"
        case .outOfRange(let path, let key, let value, let allowed):
            return "\(path): \"\(key.withControlCharactersEscaped)\" is \(value), out of range; it must be \(allowed)"
        case .unusablePath(let path, let key, let value, let reason):
            return "\(path): \"\(key.withControlCharactersEscaped)\" is \"\(value.withControlCharactersEscaped)\": \(reason)"
        case .invalidValue(let path, let key, let reason):
            return "\(path): \"\(key.withControlCharactersEscaped)\" \(reason.withControlCharactersEscaped)"
        case .badValue(let path, let key, let value, let expected):
            return "\(path): \"\(key.withControlCharactersEscaped)\" is \"\(value.withControlCharactersEscaped)\"; it must be \(expected)"
        case .missingKey(let path, let key):
            return "\(path): \"\(key.withControlCharactersEscaped)\" is missing; add it"
        case .undefinedName(let path, let key, let value, let defined):
            let hint = EditDistance.closest(to: value, among: defined).map { "did you mean \"\($0)\"? " } ?? ""
            return "\(path): \"\(key.withControlCharactersEscaped)\" is \"\(value.withControlCharactersEscaped)\", which is not defined; \(hint)defined: \(defined.joined(separator: ", "))"
        case .insecurePermissions(let path, let mode):
            return "config file \(path) is writable by group or others (mode \(mode)); it chooses servers and their keys, so fix it with: chmod go-w \(path)"
        }
    }
}

extension String {
    /// Control characters (C0, DEL, C1) written as `\u{1B}`, so a message naming text from a file
    /// stays one line and cannot drive the terminal.
    var withControlCharactersEscaped: String {
        guard unicodeScalars.contains(where: \.isControlCharacter) else { return self }
        var escaped = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.isControlCharacter {
                escaped.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}

extension Unicode.Scalar {
    fileprivate var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
