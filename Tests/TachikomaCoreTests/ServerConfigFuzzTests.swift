import Foundation
import PropertyBased
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

    static let serversText = Generator<String, Shrink.None<String>>(run: { rng in
        var servers: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            var entry: [String: JSONValue] = [:]
            if Int.random(in: 0..<8, using: &rng) > 0 { entry["kind"] = kinds.randomElement(using: &rng) }
            if Int.random(in: 0..<8, using: &rng) > 0 { entry["url"] = urls.randomElement(using: &rng) }
            if let key = keyVariables.randomElement(using: &rng) ?? nil { entry["api_key_env"] = key }
            if let file = caFiles.randomElement(using: &rng) ?? nil { entry["ca_file"] = file }
            if Int.random(in: 0..<12, using: &rng) == 0 { entry["api_key"] = .string("sk-secret") }
            servers[names.randomElement(using: &rng) ?? "a"] = Int.random(in: 0..<15, using: &rng) == 0 ? .array([]) : .object(entry)
        }
        var root: [String: JSONValue] = ["servers": .object(servers)]
        if Bool.random(using: &rng) {
            root["default_server"] = .string((names + ["ollama", "missing"]).randomElement(using: &rng) ?? "ollama")
        }
        return String(decoding: (try? JSONEncoder().encode(JSONValue.object(root))) ?? Data(), as: UTF8.self)
    })

    @Test func randomServerMapsReadCleanlyAndKeepTheRules() async {
        await propertyCheck(count: 2000, input: Self.serversText) { text in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            guard let config = ConfigFuzzTests.readCleanly(Array(text.utf8)) else { return }
            var violations: [String] = []
            for (name, server) in config.servers {
                if !ServerEntry.isValidName(name) { violations.append("name \(name.debugDescription)") }
                if server.url.isEmpty || server.url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
                    violations.append("url \(server.url.debugDescription)")
                }
                let lowered = server.url.lowercased()
                if server.kind == .openai, !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) {
                    violations.append("openai url \(server.url)")
                }
                if let variable = server.apiKeyEnvironmentVariable, !ServerEntry.isValidEnvironmentName(variable) {
                    violations.append("api_key_env \(variable)")
                }
                if server.caFile == "" { violations.append("empty ca_file") }
            }
            if let chosen = config.defaultServer, chosen != ServerEntry.implicitOllamaName, config.servers[chosen] == nil {
                violations.append("default_server \(chosen)")
            }
            #expect(violations.isEmpty, "\(text): \(violations)")
        }
    }
}
