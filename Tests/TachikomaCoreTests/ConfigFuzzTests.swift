import Foundation
import PropertyBased
import Testing

@testable import TachikomaCore

/// Thousands of generated config files: every one is read to a config or to one clean line of error,
/// and a value the reader accepts is always inside its documented range.
@Suite struct ConfigFuzzTests {
    /// Each numeric key and the range the reader must enforce.
    static let numericKeys: [(path: [String], limit: NumericLimit)] = [
        (["num_ctx"], SettingLimits.contextLength),
        (["connect_timeout"], SettingLimits.timeout),
        (["request_timeout"], SettingLimits.timeout),
        (["history_size"], SettingLimits.historySize),
        (["keep_alive"], SettingLimits.keepAliveSeconds),
        (["options", "temperature"], SettingLimits.temperature),
        (["options", "top_p"], SettingLimits.topP),
        (["options", "top_k"], SettingLimits.topK),
        (["options", "min_p"], SettingLimits.minP),
        (["options", "num_predict"], SettingLimits.numPredict),
        (["options", "seed"], SettingLimits.seed),
        (["options", "repeat_penalty"], SettingLimits.repeatPenalty),
        (["options", "repeat_last_n"], SettingLimits.repeatLastN),
    ]

    /// Reads `bytes` as a config file; records an issue unless the outcome is a config within every
    /// range, or an error that is one line free of control characters.
    @discardableResult
    static func readCleanly(_ bytes: [UInt8], kinds: ServerKindRegistry = ServerKindRegistry()) -> TachikomaConfig? {
        do {
            let config = try TachikomaConfig.parse(bytes: bytes, file: "c.json", kinds: kinds)
            expectWithinRanges(config)
            return config
        } catch {
            let line = error.description
            if line.isEmpty || line.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                Issue.record("not one clean line: \(line.debugDescription)")
            }
            return nil
        }
    }

    static func expectWithinRanges(_ config: TachikomaConfig) {
        // One expectation per call: thousands of calls make #expect itself the cost.
        var violations: [String] = []
        if let value = config.contextLength, !SettingLimits.contextLength.accepts(value) { violations.append("config.contextLength") }
        if !SettingLimits.timeout.accepts(config.connectTimeout) { violations.append("config.connectTimeout") }
        if !SettingLimits.timeout.accepts(config.requestTimeout) { violations.append("config.requestTimeout") }
        if !SettingLimits.historySize.accepts(config.historySize) { violations.append("config.historySize") }
        // What the command line does with the timeouts, and trapped on before ranges existed.
        _ = Int64(config.requestTimeout * 1000)
        _ = Int64(config.connectTimeout * 1000)
        let options = config.options
        if let value = options.temperature, !SettingLimits.temperature.accepts(value) { violations.append("options.temperature") }
        if let value = options.topP, !SettingLimits.topP.accepts(value) { violations.append("options.topP") }
        if let value = options.topK, !SettingLimits.topK.accepts(value) { violations.append("options.topK") }
        if let value = options.minP, !SettingLimits.minP.accepts(value) { violations.append("options.minP") }
        if let value = options.maxTokens, !SettingLimits.numPredict.accepts(value) { violations.append("options.maxTokens") }
        if let value = options.seed, !SettingLimits.seed.accepts(value) { violations.append("options.seed") }
        if let value = options.repeatPenalty, !SettingLimits.repeatPenalty.accepts(value) { violations.append("options.repeatPenalty") }
        if let value = options.repeatLastN, !SettingLimits.repeatLastN.accepts(value) { violations.append("options.repeatLastN") }
        #expect(violations.isEmpty, "out of range: \(violations)")
    }

    // MARK: - Properties

    @Test func randomConfigsReadCleanly() async {
        await propertyCheck(count: 3000, input: ConfigText.generator) { text in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            // Let other tests run: thousands of synchronous cases would hold a cooperative thread.
            await Task.yield()
            Self.readCleanly(Array(text.utf8))
        }
    }

    @Test func aNumberIsAcceptedExactlyWhenItIsInRange() async {
        let cases = Generator<(Int, String), Shrink.None<(Int, String)>>(run: { rng in
            (Int.random(in: 0..<Self.numericKeys.count, using: &rng), ConfigText.numberLiteral(using: &rng))
        })
        await propertyCheck(count: 3000, input: cases) { pair in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            let (index, literal) = pair
            let (path, limit) = Self.numericKeys[index]
            let text = path.count == 1 ? "{\"\(path[0])\": \(literal)}" : "{\"options\": {\"\(path[1])\": \(literal)}}"
            let number = Double(literal) ?? .nan
            let config = Self.readCleanly(Array(text.utf8))
            #expect((config != nil) == limit.accepts(number), "\(text)")
            if config == nil, number.isFinite, !limit.accepts(number) {
                #expect(throws: ConfigError.self) { try TachikomaConfig.parse(text, file: "c.json") }
                do {
                    _ = try TachikomaConfig.parse(text, file: "c.json")
                } catch {
                    let line = String(describing: error)
                    let key = path.joined(separator: ".")
                    #expect(line.contains("\"\(key)\""), "\(line)")
                    #expect(line.contains(limit.rangeText), "\(line)")
                    #expect(line.contains(NumericLimit.format(number)), "\(line)")
                }
            }
        }
    }

    @Test func validConfigsAreRead() async {
        let configs = Generator<String, Shrink.None<String>>(run: { rng in ConfigText.validConfig(using: &rng) })
        await propertyCheck(count: 500, input: configs) { text in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            #expect(throws: Never.self, "\(text)") { try TachikomaConfig.parse(text, file: "c.json") }
        }
    }

    @Test func truncationsAndCorruptedBytesOfValidConfigsReadCleanly() async {
        let cases = Generator<[UInt8], Shrink.None<[UInt8]>>(run: { rng in
            var bytes = Array(ConfigText.validConfig(using: &rng).utf8)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            default:
                // Bytes that are never valid UTF-8, and a stray continuation byte.
                let bad: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]
                let at = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: bad[Int.random(in: 0..<bad.count, using: &rng)], at: at)
            }
            return bytes
        })
        await propertyCheck(count: 3000, input: cases) { bytes in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            Self.readCleanly(bytes)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for depth in [100, 511, 512, 513, 5_000, 100_000] {
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
            for text in [arrays, objects, "{\"options\":" + objects + "}", "{\"model\":" + arrays + "}"] {
                #expect(Self.readCleanly(Array(text.utf8)) == nil)
            }
        }
    }

    @Test func theIssuesExampleIsOneLineNamingKeyValueAndRange() {
        do {
            _ = try TachikomaConfig.parse(#"{"request_timeout": 1e300}"#, file: "c.json")
            Issue.record("1e300 seconds was accepted")
        } catch {
            #expect(error == .outOfRange(path: "c.json", key: "request_timeout", value: "1e+300", allowed: "a number from 0.001 to 86400 (seconds)"))
            #expect(error.description == "c.json: \"request_timeout\" is 1e+300, out of range; it must be a number from 0.001 to 86400 (seconds)")
        }
    }
}

/// Config file text: mostly the right keys with wild values, sometimes wild keys, nesting and bytes.
enum ConfigText {
    static let keys = TachikomaConfig.knownKeys
    static let optionKeys = ["temperature", "top_p", "top_k", "min_p", "num_predict", "seed", "stop", "repeat_penalty", "repeat_last_n"]

    static var generator: Generator<String, Shrink.None<String>> {
        Generator(run: { rng in
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return value(depth: 0, using: &rng)
            case 1: return validConfig(using: &rng)
            default: return object(keys: keys, depth: 0, using: &rng)
            }
        })
    }

    /// Number literals around every boundary: huge, tiny, negative, fractional, past Int64 and Double.
    static func numberLiteral(using rng: inout some RandomNumberGenerator) -> String {
        let fixed = [
            "0", "-0", "1", "-1", "-2", "-3", "0.5", "0.001", "0.0009", "2", "2.0000001", "86400", "86400.5", "86401",
            "1e300", "-1e300", "1e309", "-1e309", "1E+308", "4.9e-324", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "4294967295", "4294967296", "2147483647", "2147483648",
            "-2147483648", "-2147483649", "16777216", "16777217", "1000000", "1000001", "9007199254740993", "1e15",
            "123456789012345678901234567890", "0.1e1", "1e-7",
        ]
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return fixed[Int.random(in: 0..<fixed.count, using: &rng)]
        case 1: return String(Int.random(in: -100_000...20_000_000, using: &rng))
        default:
            let magnitude = Double.random(in: -12...20, using: &rng)
            let sign = Bool.random(using: &rng) ? "-" : ""
            return sign + String(Foundation.pow(10, magnitude))
        }
    }

    static func string(using rng: inout some RandomNumberGenerator) -> String {
        let pool = [
            "", "x", "5m", "-1", "1h30m", "emacs", "vi", "~/h", "~", "~nobody-here/x", "/tmp/h", "llama3.2", "日本語 👋",
            "\\u0000", "\\n", "\\u001b[2J", "\\ud83d\\ude00", "\\ud83d", "a\\\"b", "\\\\",
        ]
        return "\"" + pool[Int.random(in: 0..<pool.count, using: &rng)] + "\""
    }

    static func value(depth: Int, using rng: inout some RandomNumberGenerator) -> String {
        let choice = Int.random(in: 0..<(depth > 3 ? 5 : 8), using: &rng)
        switch choice {
        case 0, 1: return numberLiteral(using: &rng)
        case 2: return string(using: &rng)
        case 3: return ["true", "false", "null"][Int.random(in: 0..<3, using: &rng)]
        case 4: return "[]"
        case 5:
            let count = Int.random(in: 0...3, using: &rng)
            return "[" + (0..<count).map { _ in value(depth: depth + 1, using: &rng) }.joined(separator: ",") + "]"
        case 6: return object(keys: optionKeys, depth: depth + 1, using: &rng)
        default: return object(keys: ["a", "options", "model", "\\u0041"], depth: depth + 1, using: &rng)
        }
    }

    static func object(keys: [String], depth: Int, using rng: inout some RandomNumberGenerator) -> String {
        var members: [String] = []
        var used: Set<String> = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            let key = Int.random(in: 0..<12, using: &rng) == 0
                ? ["modle", "", "options.temperature", "\\u001b]0;x\\u0007", "a\\nb"][Int.random(in: 0..<5, using: &rng)]
                : keys[Int.random(in: 0..<keys.count, using: &rng)]
            // A repeated key is reported as such; mostly keep keys unique so values get read.
            if used.contains(key), Int.random(in: 0..<8, using: &rng) != 0 { continue }
            used.insert(key)
            let item = key == "options" && Bool.random(using: &rng)
                ? object(keys: optionKeys, depth: depth + 1, using: &rng) : value(depth: depth + 1, using: &rng)
            members.append("\"\(key)\": \(item)")
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A config every key of which is valid, for truncation and corruption.
    static func validConfig(using rng: inout some RandomNumberGenerator) -> String {
        """
        {
          "host": "127.0.0.1:\(Int.random(in: 1...65535, using: &rng))",
          "model": "qwen3:4b",
          "system": "Réponds en français 日本 👋",
          "num_ctx": \(Int.random(in: 128...131072, using: &rng)),
          "keep_alive": \(["\"\(Int.random(in: 0...60, using: &rng))m\"", "\"1h30m\"", "\"-1\"", "-1", "\"0\"", "\"2.5h\"", "\"300ms\"", String(Int.random(in: -1...86400, using: &rng))][Int.random(in: 0..<8, using: &rng)]),
          "connect_timeout": \(Double.random(in: 0.001...60, using: &rng)),
          "request_timeout": \(Int.random(in: 1...86400, using: &rng)),
          "think": \(Bool.random(using: &rng)),
          "edit_mode": "vi",
          "history_size": \(Int.random(in: 0...1_000_000, using: &rng)),
          "history_file": "\(["/tmp/history", "~/h", "~root/h", "rel/h"][Int.random(in: 0..<4, using: &rng)])",
          "options": {"temperature": \(Double.random(in: 0...2, using: &rng)), "top_k": 40, "stop": ["<|end|>"], "seed": -1}
        }
        """
    }
}
