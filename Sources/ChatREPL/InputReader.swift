import Dispatch
import Synchronization
import TachikomaCore

/// Reads the prompt on a thread of its own, so waiting for the user blocks no task, and lets a
/// termination signal end the wait.
final class InputReader: Sendable {
    enum Result: Sendable, Hashable {
        case input(ChatInputEvent)
        case terminated(Int32)
    }

    private enum State {
        case idle
        /// A read is under way; its outcome comes from the reading thread or from `terminate`,
        /// whichever is first.
        case reading(OneShot<Result>)
        /// Every read from now on ends at once with `.terminated`.
        case terminated(Int32)
    }

    // Used only by the reading thread while a read is outstanding and by the REPL otherwise,
    // never by both at once.
    private nonisolated(unsafe) let input: any ChatInput
    private let queue = DispatchQueue(label: "tachikoma.input")
    private let state = Mutex(State.idle)

    init(_ input: any ChatInput) {
        self.input = input
    }

    func read(prompt: String, continuationPrompt: String) async -> Result {
        await reading { input in input.nextInput(prompt: prompt, continuationPrompt: continuationPrompt) }
    }

    /// Reads the answer to a question of one key (`ChatInput.readKey`).
    func readKey(prompt: String) async -> Result {
        await reading { input in input.readKey(prompt: prompt) }
    }

    private func reading(_ body: @escaping @Sendable (any ChatInput) -> ChatInputEvent) async -> Result {
        let outcome = OneShot<Result>()
        let terminated: Int32? = state.withLock { state in
            if case .terminated(let signalNumber) = state { return signalNumber }
            state = .reading(outcome)
            return nil
        }
        if let terminated { return .terminated(terminated) }
        queue.async { [self] in
            outcome.fire(.input(body(input)))
        }
        // Not cut short by a cancelled task: the terminal is the reading thread's until it returns,
        // or until a termination signal ends the chat.
        let result = await outcome.waitEvenIfCancelled()
        state.withLock { state in
            if case .reading = state { state = .idle }
        }
        return result
    }

    /// Ends the current read, and every later one, with `.terminated`.
    func terminate(_ signalNumber: Int32) {
        let current: OneShot<Result>? = state.withLock { state in
            switch state {
            case .terminated:
                return nil
            case .idle:
                state = .terminated(signalNumber)
                return nil
            case .reading(let outcome):
                state = .terminated(signalNumber)
                return outcome
            }
        }
        current?.fire(.terminated(signalNumber))
    }
}
