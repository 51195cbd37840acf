import Foundation
import PropertyBased
import Synchronization
import Testing

@testable import TachikomaCore

/// Generated `servers` maps: each is read to servers that keep the rules, or to one clean line.
@Suite struct ServerConfigFuzzTests {
    static let names = ["ollama", "vllm", "a", "gpu-box", "lm.studio", "x_1", "", "two words", "é", "tab\there", "\u{1B}[31m"]
    static let kinds: [JSONValue] = [.string("ollama"), .string("openai"), .string("OpenAI"), .string("vllm"), .string(""), .number(1), .null]
    static let urls: [JSONValue] = [
        .string("http://127.0.0.1:8080/v1"), .string("https://api.openai.com/v1"), .string("127.0.0.1:11434"),
        .string(":1234"), .string("example.com"), .string("ftp://h"), .string("http://"), .string(""), .string(" http://h"),
        .string("http://h\u{7}"), .string("unix:///tmp/s"), .string("HTTPS://H:443/x"), .number(8080), .null,
    ]
    static let keyVariables: [JSONValue?] = [nil, .string("OPENAI_API_KEY"), .string("sk-live-123"), .string(""), .number(3), .null]
    static let caFiles: [JSONValue?] = [nil, .string("/etc/ca.pem"), .string("~/ca.pem"), .string(""), .null, .bool(true)]

    /// Mostly the first `good` values, sometimes any: most files are then accepted, and every bad
    /// value still turns up often.
    static func pick<T>(_ values: [T], good: Int, using rng: inout some RandomNumberGenerator) -> T {
        Int.random(in: 0..<10, using: &rng) < 8 ? values[Int.random(in: 0..<good, using: &rng)] : values[Int.random(in: 0..<values.count, using: &rng)]
    }

    static let serversText = Generator<String, Shrink.None<String>>(run: { rng in
        var servers: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            var entry: [String: JSONValue] = [:]
            if Int.random(in: 0..<20, using: &rng) > 0 { entry["kind"] = pick(kinds, good: 2, using: &rng) }
            if Int.random(in: 0..<20, using: &rng) > 0 { entry["url"] = pick(urls, good: 3, using: &rng) }
            if let key = pick(keyVariables, good: 2, using: &rng) { entry["api_key_env"] = key }
            if let file = pick(caFiles, good: 3, using: &rng) { entry["ca_file"] = file }
            if Int.random(in: 0..<30, using: &rng) == 0 { entry["api_key"] = .string("sk-secret") }
            servers[pick(names, good: 6, using: &rng)] = Int.random(in: 0..<30, using: &rng) == 0 ? .array([]) : .object(entry)
        }
        var root: [String: JSONValue] = ["servers": .object(servers)]
        if Bool.random(using: &rng) {
            root["default_server"] = .string(pick(["ollama"] + Array(servers.keys) + ["missing"], good: 1 + servers.count, using: &rng))
        }
        return String(decoding: (try? JSONEncoder().encode(JSONValue.object(root))) ?? Data(), as: UTF8.self)
    })

    @Test func randomServerMapsReadCleanlyAndKeepTheRules() async {
        let accepted = Mutex((servers: 0, files: 0))
        await propertyCheck(count: 2000, input: Self.serversText) { text in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            guard let config = ConfigFuzzTests.readCleanly(Array(text.utf8), kinds: .forTests) else { return }
            accepted.withLock { $0.files += 1; $0.servers += config.servers.count }
            var violations: [String] = []
            for (name, server) in config.servers {
                if !ServerEntry.isValidName(name) { violations.append("name \(name.debugDescription)") }
                if server.url.isEmpty || server.url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
                    violations.append("url \(server.url.debugDescription)")
                }
                let lowered = server.url.lowercased()
                if server.kind == "openai", !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) {
                    violations.append("openai url \(server.url)")
                }
                if let variable = server.apiKeyEnvironmentVariable, !ServerEntry.isValidEnvironmentName(variable) {
                    violations.append("api_key_env \(variable)")
                }
                if server.caFile == "" { violations.append("empty ca_file") }
            }
            if let chosen = config.defaultServer, chosen != ServerKindRegistry.forTests.implicitServer?.name, config.servers[chosen] == nil {
                violations.append("default_server \(chosen)")
            }
            #expect(violations.isEmpty, "\(text): \(violations)")
        }
        // The generator makes good servers too, so the rules above are checked on accepted ones.
        let counts = accepted.withLock { $0 }
        #expect(counts.servers > 50, "\(counts)")
        #expect(counts.files < 2000, "some files must be refused: \(counts)")
    }
}
