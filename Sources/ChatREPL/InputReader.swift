import Dispatch
import Foundation

/// Reads the prompt on a thread of its own, so waiting for the user blocks no task, and lets a
/// termination signal end the wait.
final class InputReader: @unchecked Sendable {
    enum Result: Sendable, Hashable {
        case input(ChatInputEvent)
        case terminated(Int32)
    }

    // The input is used only by the reading thread while a read is outstanding and by the REPL
    // otherwise, never by both at once. `pending` and `termination` are guarded by `lock`.
    private let input: any ChatInput
    private let queue = DispatchQueue(label: "tachikoma.input")
    private let lock = NSLock()
    private var pending: CheckedContinuation<Result, Never>?
    private var termination: Int32?

    init(_ input: any ChatInput) {
        self.input = input
    }

    func read(prompt: String, continuationPrompt: String) async -> Result {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let termination {
                lock.unlock()
                continuation.resume(returning: .terminated(termination))
                return
            }
            pending = continuation
            lock.unlock()
            queue.async { [self] in
                let event = input.nextInput(prompt: prompt, continuationPrompt: continuationPrompt)
                finish(.input(event))
            }
        }
    }

    /// Ends the current read, and every later one, with `.terminated`.
    func terminate(_ signalNumber: Int32) {
        lock.lock()
        if termination == nil { termination = signalNumber }
        lock.unlock()
        finish(.terminated(signalNumber))
    }

    private func finish(_ result: Result) {
        lock.lock()
        let continuation = pending
        pending = nil
        lock.unlock()
        continuation?.resume(returning: result)
    }
}
