// Measures the session store (see BENCHMARKS.md, "Session store"): loading a 10,000-message
// session, saving one message, searching 100,000 messages. Not a test: it prints figures.
//
//   swift build -c release --product store-bench && .build/release/store-bench [--runs N]
import Foundation
import SessionStore
import TachikomaCore

// `store-bench crash-writer PATH`: saves part of an answer, says "saved", then waits to be killed.
// The kill -9 test in SessionStoreTests drives it.
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "crash-writer" {
    CrashWriter.run(path: CommandLine.arguments[2])
}
// `store-bench seed PATH COUNT`: a session "bench" of COUNT messages, for the resume benchmark.
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "seed", let count = Int(CommandLine.arguments[3]) {
    SessionSeeder.run(path: CommandLine.arguments[2], count: count)
}

let runs = CommandLine.arguments.firstIndex(of: "--runs")
    .flatMap { CommandLine.arguments.indices.contains($0 + 1) ? Int(CommandLine.arguments[$0 + 1]) : nil } ?? 30

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: folder) }
let path = folder + "/tachikoma/tachikoma.sqlite"

/// Deterministic text: words drawn from a fixed vocabulary with a skewed (Zipf-like) frequency, so
/// searches see common and rare words as real chats have them.
struct TextMaker {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let vocabulary: [String]

    init() {
        let syllables = ["ka", "ri", "to", "me", "su", "no", "ha", "ly", "ze", "qu", "bo", "ne", "ti", "ra", "po", "ve"]
        var words: [String] = []
        for a in syllables { for b in syllables { for c in syllables { words.append(a + b + c) } } }
        vocabulary = words  // 4,096 words
    }

    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }

    mutating func sentence(words count: Int) -> String {
        (0..<count).map { _ in vocabulary[min(vocabulary.count - 1, Int(pow(next(), 3) * Double(vocabulary.count)))] }
            .joined(separator: " ")
    }
}

func milliseconds(_ duration: Duration) -> Double { duration.secondsValue * 1000 }

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return milliseconds(clock.now - start)
}

/// This thread's CPU time in ms: separates the store's own work from time lost to other processes
/// on a shared machine.
func threadCPUTime() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
}

func format(_ value: Double) -> String { String(format: value < 1 ? "%.3f" : "%.1f", value) }

do {
    var text = TextMaker()
    let store = try SQLiteSessionStore(path: path)
    let usage = Usage(
        promptTokens: 900, completionTokens: 300, totalDuration: .seconds(6), loadDuration: .milliseconds(10),
        promptEvalDuration: .milliseconds(200), evalDuration: .seconds(5))

    // 1. Save one message: each append is its own committed transaction (WAL, synchronous NORMAL).
    let big = try store.createSession(
        NewSession(name: "ten thousand", firstUserText: "", settings: [.model("llama3.1:8b")]))
    var saves: [Double] = []
    var saveCPU: [Double] = []
    saves.reserveCapacity(10_000)
    for number in 0..<10_000 {
        let isUser = number % 2 == 0
        let content = text.sentence(words: isUser ? 20 : 60)
        let cpuStart = threadCPUTime()
        let elapsed = try measure {
            _ = try store.appendMessage(
                isUser ? .user(content) : .assistant(content), to: big.id, model: isUser ? nil : "llama3.1:8b",
                usage: isUser ? nil : usage, interrupted: false, at: Date())
        }
        saves.append(elapsed)
        saveCPU.append(threadCPUTime() - cpuStart)
    }
    // A streamed answer: begin, 20 progress saves, finish.
    var progress: [Double] = []
    for _ in 0..<runs {
        let answer = try store.beginAnswer(in: big.id, model: "llama3.1:8b")
        var partial = ""
        for _ in 0..<20 {
            partial += text.sentence(words: 5) + " "
            progress.append(try measure { try store.saveProgress(of: answer, content: partial, thinking: nil) })
        }
        _ = try store.finishAnswer(answer, with: .assistant(partial), usage: usage)
    }
    let loadedCount = try store.loadSession(named: "ten thousand").messages.count

    // 2. Load the session as `--resume` does: open the database (checks, migrations) and read it all.
    var loads: [Double] = []
    for _ in 0..<runs {
        loads.append(try measure {
            let reopened = try SQLiteSessionStore(path: path)
            _ = try reopened.loadSession(named: "ten thousand")
        })
    }

    // 3. Search: fill up to 100,000 messages in 90 more sessions of 1,000 (imported, one transaction each).
    for sessionNumber in 0..<90 {
        var events: [SessionArchive.Event] = []
        for number in 0..<1_000 {
            let isUser = number % 2 == 0
            let content = text.sentence(words: isUser ? 20 : 60)
            events.append(
                .message(
                    SessionArchive.MessageRecord(
                        message: isUser ? .user(content) : .assistant(content), model: isUser ? nil : "qwen3:4b",
                        createdAt: Date(), completedAt: Date(), usage: isUser ? nil : usage)))
        }
        _ = try store.importSession(
            SessionArchive(name: "filler \(sessionNumber)", createdAt: Date(), lastUsedAt: Date(), events: events))
    }
    let total = try store.listSessions().reduce(0) { $0 + $1.messageCount }
    let vocabulary = text.vocabulary
    let queries = [
        ("most common word", vocabulary[0]),
        ("a middling word", vocabulary[2_000]),
        ("a rare word", vocabulary[4_000]),
        ("two words", "\(vocabulary[10]) \(vocabulary[1_500])"),
        ("no match", "absentword"),
    ]
    var searchRows: [(String, String, Int, Double, Double)] = []
    for (label, query) in queries {
        var times: [Double] = []
        var hits = 0
        for _ in 0..<runs { times.append(try measure { hits = try store.search(query, limit: 50).count }) }
        searchRows.append((label, query, hits, median(times), percentile(times, 0.95)))
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

    print("Session store benchmark, \(runs) runs each; database \(size / 1_048_576) MiB, \(total) messages")
    print("")
    print("| what | median | p95 | target |")
    print("|---|---:|---:|---:|")
    print("| open + load a \(loadedCount)-message session | \(format(median(loads))) ms | \(format(percentile(loads, 0.95))) ms | < 100 ms |")
    print("| save one message (append, own transaction) | \(format(median(saves))) ms | \(format(percentile(saves, 0.95))) ms | < 1 ms |")
    let slow = saves.filter { $0 >= 1 }.count
    print("| … of the \(saves.count) saves, over 1 ms: \(slow) (\(String(format: "%.1f", Double(slow) * 100 / Double(saves.count)))%); slowest | \(format(saves.max() ?? 0)) ms | | |")
    let slowCPU = saveCPU.filter { $0 >= 1 }.count
    print("| save one message, CPU time of the saving thread | \(format(median(saveCPU))) ms | \(format(percentile(saveCPU, 0.95))) ms | over 1 ms: \(slowCPU) |")
    print("| save an answer's progress (update) | \(format(median(progress))) ms | \(format(percentile(progress, 0.95))) ms | |")
    for (label, query, hits, medianTime, p95) in searchRows {
        print("| search \(total) messages: \(label) `\(query)` (\(hits) hits shown) | \(format(medianTime)) ms | \(format(p95)) ms | < 50 ms |")
    }
} catch {
    FileHandle.standardError.write(Data("store-bench: \(error)\n".utf8))
    try? FileManager.default.removeItem(atPath: folder)
    exit(1)
}
