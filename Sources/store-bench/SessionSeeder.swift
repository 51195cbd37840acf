import Foundation
import SessionStore
import TachikomaCore

/// `store-bench seed PATH COUNT`: a session named "bench" of COUNT messages (user and answer in
/// turn, 20 and 60 words) in the store at PATH, for `scripts/chat_latency.py --resume-messages`.
enum SessionSeeder {
    static func run(path: String, count: Int) -> Never {
        do {
            let store = try SQLiteSessionStore(path: path)
            var text = TextMaker()
            let usage = Usage(promptTokens: 900, completionTokens: 300, evalDuration: .seconds(5))
            let events: [SessionArchive.Event] = (0..<count).map { number in
                let isUser = number % 2 == 0
                let content = text.sentence(words: isUser ? 20 : 60)
                return .message(
                    SessionArchive.MessageRecord(
                        message: isUser ? .user(content) : .assistant(content), model: isUser ? nil : "llama3.1:8b",
                        createdAt: Date(), completedAt: Date(), usage: isUser ? nil : usage))
            }
            _ = try store.importSession(
                SessionArchive(
                    name: "bench", createdAt: Date(), lastUsedAt: Date(),
                    events: [.setting(StoredSettingChange(change: .model("llama3.1:8b"), recordedAt: Date()))] + events))
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("store-bench seed: \(error)\n".utf8))
            exit(1)
        }
    }
}
