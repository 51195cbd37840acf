import OllamaBackend
import PropertyBased
import TachikomaCore
import Testing

@testable import ChatEngine
@testable import ChatREPL

/// Thousands of generated `/set` lines: each either changes the settings within the documented ranges
/// or is refused with one line, and nothing traps.
@Suite struct SetCommandFuzzTests {
    static let numericLimits: [String: NumericLimit] = [
        "temperature": SettingLimits.temperature, "top_p": SettingLimits.topP, "top_k": SettingLimits.topK,
        "min_p": SettingLimits.minP, "num_predict": SettingLimits.numPredict, "num_ctx": SettingLimits.contextLength,
        "seed": SettingLimits.seed, "repeat_penalty": SettingLimits.repeatPenalty, "repeat_last_n": SettingLimits.repeatLastN,
    ].merging(extraLimits) { first, _ in first }

    /// Ollama's further options, kept by wire name in `options.extraOptions`.
    static let extraLimits: [String: NumericLimit] = [
        "num_keep": OllamaOptionLimits.numKeep, "num_batch": OllamaOptionLimits.numBatch, "num_gpu": OllamaOptionLimits.numGPU,
        "main_gpu": OllamaOptionLimits.mainGPU, "num_thread": OllamaOptionLimits.numThread, "mirostat": OllamaOptionLimits.mirostat,
        "mirostat_tau": OllamaOptionLimits.mirostatTau, "mirostat_eta": OllamaOptionLimits.mirostatEta, "typical_p": OllamaOptionLimits.typicalP,
        "presence_penalty": OllamaOptionLimits.presencePenalty, "frequency_penalty": OllamaOptionLimits.frequencyPenalty,
    ]

    /// Ollama reads numbers in decimal: digits, sign, point and exponent only (no `0x10`, `inf`, `1_000`).
    static func decimalNumber(_ word: String) -> Double? {
        guard word.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }) else { return nil }
        return Double(word)
    }

    /// Runs one `/set` line the way the REPL does; the settings after it, or the refusal.
    static func apply(_ line: String, to settings: ChatSettings) -> Result<ChatSettings, SettingError> {
        guard let command = ParsedCommand(line) else { return .failure(SettingError("not a command")) }
        do {
            switch try SetCommand.target(of: command, table: ollamaTable) {
            case .overview, .system, .fixedContextWindow: return .success(settings)
            case .parameter(let name, let words):
                guard let parameter = ollamaTable.named(name) else { return .failure(SettingError("unknown \(name)")) }
                var changed = settings
                let confirmation = try parameter.apply(&changed, words)
                if confirmation.isEmpty || confirmation.contains("\n") { Issue.record("\(line.debugDescription) confirmed with \(confirmation.debugDescription)") }
                return .success(changed)
            }
        } catch {
            return .failure(error)
        }
    }

    static let ollamaTable = SettingTable(OllamaNaming.requestParameters)

    static func expectWithinRanges(_ settings: ChatSettings) {
        // One expectation per call: thousands of calls make #expect itself the cost.
        var violations: [String] = []
        if let value = settings.contextLength, !SettingLimits.contextLength.accepts(value) { violations.append("settings.contextLength") }
        let options = settings.options
        if let value = options.temperature, !SettingLimits.temperature.accepts(value) { violations.append("options.temperature") }
        if let value = options.topP, !SettingLimits.topP.accepts(value) { violations.append("options.topP") }
        if let value = options.topK, !SettingLimits.topK.accepts(value) { violations.append("options.topK") }
        if let value = options.minP, !SettingLimits.minP.accepts(value) { violations.append("options.minP") }
        if let value = options.maxTokens, !SettingLimits.numPredict.accepts(value) { violations.append("options.maxTokens") }
        if let value = options.seed, !SettingLimits.seed.accepts(value) { violations.append("options.seed") }
        if let value = options.repeatPenalty, !SettingLimits.repeatPenalty.accepts(value) { violations.append("options.repeatPenalty") }
        if let value = options.repeatLastN, !SettingLimits.repeatLastN.accepts(value) { violations.append("options.repeatLastN") }
        for (name, value) in options.extraOptions {
            switch value {
            case .number(let number):
                if !(extraLimits[name]?.accepts(number) ?? false) { violations.append("options.extraOptions[\(name)]") }
            case .bool:
                if extraLimits[name] != nil { violations.append("options.extraOptions[\(name)] is a flag") }
            default:
                violations.append("options.extraOptions[\(name)] is \(value)")
            }
        }
        #expect(violations.isEmpty, "out of range: \(violations)")
    }

    @Test func randomSetLinesChangeSettingsWithinRangeOrAreRefusedInOneLine() async {
        await propertyCheck(count: 3000, input: SetLine.generator) { lines in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            // Let other tests run: thousands of synchronous cases would hold a cooperative thread.
            await Task.yield()
            var settings = ChatSettings(model: "m")
            for line in lines {
                switch Self.apply(line, to: settings) {
                case .success(let changed): settings = changed
                case .failure(let error):
                    if error.description.isEmpty || error.description.contains("\n") {
                        Issue.record("\(line.debugDescription) was refused with \(error.description.debugDescription)")
                    }
                }
                Self.expectWithinRanges(settings)
            }
        }
    }

    @Test func aNumberIsTakenExactlyWhenItIsInRangeAndARefusalNamesTheRange() async {
        let names = Self.numericLimits.keys.sorted()
        let cases = Generator<(String, String), Shrink.None<(String, String)>>(run: { rng in
            (names[Int.random(in: 0..<names.count, using: &rng)], SetLine.number(using: &rng))
        })
        await propertyCheck(count: 3000, input: cases) { pair in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            await Task.yield()
            let (name, word) = pair
            let limit = Self.numericLimits[name]!
            let expected: Bool
            if limit.isWhole {
                expected = Int(word).map(limit.accepts) ?? false
            } else {
                expected = Self.decimalNumber(word).map(limit.accepts) ?? false
            }
            switch Self.apply("/set \(name) \(word)", to: ChatSettings(model: "m")) {
            case .success:
                #expect(expected, "/set \(name) \(word) was taken")
            case .failure(let error):
                #expect(!expected, "/set \(name) \(word) was refused: \(error)")
                #expect(error.description.contains(name) && error.description.contains(limit.rangeText) && error.description.contains(word))
            }
        }
    }

    @Test func theWholeREPLSurvivesAFewHundredRandomSetLines() async {
        let sessions = Generator<[String], Shrink.None<[String]>>(run: { rng in
            (0..<60).flatMap { _ in SetLine.lines(using: &rng) }
        })
        await propertyCheck(count: 4, input: sessions) { lines in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            let (repl, _, output) = makeREPL(lines)
            #expect(await repl.run() == 0)
            Self.expectWithinRanges(repl.settings)
            #expect(!output.text.isEmpty)
        }
    }
}

/// `/set` lines: real names and keywords, and values at and past every edge.
enum SetLine {
    static let names = SettingTable(OllamaNaming.requestParameters).names + Array(SetCommand.keywords.keys) + ["parameter", "system", "temprature", "", "PARAMETER", "Top_K"]

    static var generator: Generator<[String], Shrink.None<[String]>> {
        Generator(run: { rng in lines(using: &rng) })
    }

    static func lines(using rng: inout some RandomNumberGenerator) -> [String] {
        (0..<Int.random(in: 1...4, using: &rng)).map { _ in line(using: &rng) }
    }

    static func line(using rng: inout some RandomNumberGenerator) -> String {
        var words = ["/set"]
        if Int.random(in: 0..<5, using: &rng) == 0 { words.append("parameter") }
        words.append(names[Int.random(in: 0..<names.count, using: &rng)])
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            words.append(Int.random(in: 0..<3, using: &rng) == 0 ? word(using: &rng) : number(using: &rng))
        }
        let separators = [" ", "  ", "\t", " \u{3000}"]
        return words.joined(separator: separators[Int.random(in: 0..<separators.count, using: &rng)])
    }

    static func number(using rng: inout some RandomNumberGenerator) -> String {
        let fixed = [
            "0", "-0", "1", "-1", "-2", "-3", "0.5", "2", "2.0000001", "1e300", "-1e300", "1e309", "inf", "-inf", "nan",
            "NaN", "infinity", "0x10", "0x1p3", "+5", "1_000", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "99999999999999999999999", "4294967295", "4294967296",
            "2147483647", "-2147483648", "-2147483649", "16777216", "16777217", "1000000", "1000001", ".5", "5.",
            "1e-400", "٣", "１", "0.1e1", "0x1p-1", "0x.8p0", "5e-1", "1e+0", "1e", "e1", "1.5.2",
        ]
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return fixed[Int.random(in: 0..<fixed.count, using: &rng)]
        case 1: return String(Int.random(in: -100_000...20_000_000, using: &rng))
        default: return String(Double.random(in: -3...3, using: &rng))
        }
    }

    static func word(using rng: inout some RandomNumberGenerator) -> String {
        let pool = [
            "on", "off", "OFF", "default", "json", "yaml", "true", "F", "\"c d\"", "'e f", "{\"type\": \"object\"}", "low", "high", "true", "no", "\"<|end|>\"", "'x'", "\"", "\"\"\"",
            "日本", "👋", "\u{1B}[2J", "\u{0}", "\u{202E}", "é", String(repeating: "9", count: 400),
        ]
        return pool[Int.random(in: 0..<pool.count, using: &rng)]
    }
}
