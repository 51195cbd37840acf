#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TachikomaCore

/// Reads an `OLLAMA_HOST` value the way Ollama's `envconfig.Host()` does, step by step, so that every
/// value a user already has in their environment means the same server here as for `ollama`.
enum OllamaHostParser {
    /// Ollama's `envconfig.Var`: surrounding spaces, then quotes, then spaces again.
    static func clean(_ value: String) -> String {
        let quotes: Set<Character> = ["\"", "'"]
        return trimSpaces(String(trimSpaces(value).trimming(quotes)))
    }

    /// A base URL and, when the port given could not be used, the warning to show once.
    struct Parsed: Equatable {
        var baseURL: String
        /// Set when a port was given but is not a decimal number in 0...65535, so the default is used
        /// (Ollama accepts such a value too, and logs "invalid port specified in OLLAMA_HOST").
        var portWarning: String?
    }

    /// Ollama's hosted service, reached by its bare name (Ollama's `envconfig.Host` special case).
    static let hostedServiceName = "ollama.com"
    static let hostedServiceURL = "https://ollama.com:443"

    static func baseURL(from rawValue: String, source: String) throws -> String {
        try parse(rawValue, source: source).baseURL
    }

    static func parse(_ rawValue: String, source: String) throws -> Parsed {
        let value = clean(rawValue)
        if value == hostedServiceName { return Parsed(baseURL: hostedServiceURL) }
        var defaultPort = "11434"
        var scheme = "http"
        var hostPort = value
        if let range = value.range(of: "://") {
            scheme = String(value[..<range.lowerBound])
            hostPort = String(value[range.upperBound...])
            switch scheme {
            case "http": defaultPort = "80"
            case "https": defaultPort = "443"
            default: break
            }
        }
        switch scheme.lowercased() {
        case "unix":
            throw BackendError.configuration(
                "\(source) '\(value)' is a Unix socket, which is not supported; use host:port, e.g. 127.0.0.1:11434")
        case "http", "https":
            break
        default:
            throw BackendError.configuration(
                "\(source) '\(value)' has scheme '\(scheme)'; use http:// or https:// (or just host:port)")
        }

        var path = ""
        if let slash = hostPort.firstIndex(of: "/") {
            path = String(hostPort[hostPort.index(after: slash)...])
            hostPort = String(hostPort[..<slash])
        }

        var host: String
        var port: String
        var portWasGiven = false
        if let split = splitHostPort(hostPort) {
            (host, port) = split
            portWasGiven = true
        } else {
            host = "127.0.0.1"
            port = defaultPort
            let bare = String(hostPort.trimming(["[", "]"]))
            if let ip = normalizedIP(bare) {
                host = ip
            } else if !hostPort.isEmpty {
                host = hostPort
            }
        }
        // Go dials an empty host as the local machine.
        if host.isEmpty { host = "127.0.0.1" }
        // Go's strconv.ParseInt(port, 10, 32) in 0...65535, written back without sign or zeros.
        var portWarning: String?
        if let number = Int(port), (0...65535).contains(number) {
            port = String(number)
        } else {
            if portWasGiven {
                let shown = port.isEmpty ? "an empty port" : "port '\(port)'"
                portWarning =
                    "\(source) '\(value)' has \(shown), not a number from 0 to 65535; using the default port \(defaultPort)"
            }
            port = defaultPort
        }

        let hostPart = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let pathPart = path.isEmpty ? "" : "/" + path
        var url = "\(scheme.lowercased())://\(hostPart)\(pathPart)"
        while url.hasSuffix("/") { url.removeLast() }
        return Parsed(baseURL: url, portWarning: portWarning)
    }

    /// Go's `net.SplitHostPort`; nil where Go returns an error.
    static func splitHostPort(_ hostPort: String) -> (host: String, port: String)? {
        let bytes = Array(hostPort.utf8)
        guard let lastColon = bytes.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        var host: ArraySlice<UInt8>
        var openSearchStart = 0
        var closeSearchStart = 0
        if bytes.first == UInt8(ascii: "[") {
            guard let end = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            guard end + 1 == lastColon else { return nil }
            host = bytes[1..<end]
            openSearchStart = 1
            closeSearchStart = end + 1
        } else {
            host = bytes[..<lastColon]
            if host.contains(UInt8(ascii: ":")) { return nil }
        }
        if bytes[openSearchStart...].contains(UInt8(ascii: "[")) { return nil }
        if bytes[closeSearchStart...].contains(UInt8(ascii: "]")) { return nil }
        return (String(decoding: host, as: UTF8.self), String(decoding: bytes[(lastColon + 1)...], as: UTF8.self))
    }

    /// Go's `net.ParseIP(s).String()`: the canonical text of an IPv4 or IPv6 address, else nil.
    static func normalizedIP(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return text }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        // Go prints an IPv4-mapped IPv6 address as plain IPv4.
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func trimSpaces(_ value: String) -> String {
        String(value.trimming(Set(" \t\n\r\u{0B}\u{0C}")))
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimming(_ set: Set<Character>) -> SubSequence {
        guard let first = firstIndex(where: { !set.contains($0) }),
            let last = lastIndex(where: { !set.contains($0) })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
