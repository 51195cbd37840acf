/// What is wrong with a config file, naming the file and the place.
public enum ConfigError: Error, Sendable, Hashable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case invalidJSON(path: String, line: Int, column: Int, reason: String)
    case unknownKey(path: String, key: String, known: [String])
    case wrongType(path: String, key: String, expected: String)
}

extension ConfigError: CustomStringConvertible {
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
            return "\(path): unknown key \"\(key)\"; \(hint)known keys: \(known.joined(separator: ", "))"
        case .wrongType(let path, let key, let expected):
            return "\(path): \"\(key)\" must be \(expected)"
        }
    }
}
