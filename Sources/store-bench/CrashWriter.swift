import Foundation
import SessionStore
import TachikomaCore

/// A process that is in the middle of saving a streamed answer when it is killed: it records a
/// user message, begins an answer, saves three steps of it, prints "saved" and waits forever.
enum CrashWriter {
    /// What the answer holds after the last save, which must survive the kill.
    static let savedText = "one two three"

    static func run(path: String) -> Never {
        do {
            let store = try SQLiteSessionStore(path: path)
            let session = try store.createSession(NewSession(name: "crash", firstUserText: "Count"))
            _ = try store.appendMessage(.user("Count to ten"), to: session.id)
            let answer = try store.beginAnswer(in: session.id, model: "m")
            for count in 1...3 {
                let text = savedText.split(separator: " ").prefix(count).joined(separator: " ")
                try store.saveProgress(of: answer, content: text, thinking: nil)
            }
            FileHandle.standardOutput.write(Data("saved\n".utf8))
            while true { pause() }
        } catch {
            FileHandle.standardError.write(Data("crash-writer: \(error)\n".utf8))
            exit(1)
        }
    }
}
