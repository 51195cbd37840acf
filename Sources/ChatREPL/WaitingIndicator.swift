import Dispatch
import Foundation
import Synchronization
import TachikomaCore

/// The spinner shown while a request has produced nothing yet, as `ollama run` shows one.
///
/// It appears only after `delay` (a quick answer shows no spinner at all), draws through the
/// gate's transient mark, so the first real output (or the REPL after Ctrl-C) erases it, and
/// draws nothing once `stop` has returned.
// Unchecked only for the Dispatch timer, which is safe to use from any thread but not marked
// Sendable; the state is in the mutex.
final class WaitingIndicator: @unchecked Sendable {
    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    private enum Phase {
        /// Drawing; `frame` is the next frame's number.
        case spinning(frame: Int)
        case stopped
    }

    private let gate: OutputGate
    private let timer: any DispatchSourceTimer
    /// Held while a frame is drawn, so `stop` waits for it.
    private let phase = Mutex(Phase.spinning(frame: 0))

    /// Starts the clock; frames follow every `interval` once `delay` has passed.
    init(gate: OutputGate, delay: Duration = .seconds(1), interval: Duration = .milliseconds(100)) {
        self.gate = gate
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "tachikoma.spinner"))
        timer.schedule(deadline: .now() + Self.dispatch(delay), repeating: Self.dispatch(interval))
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    /// Stops the spinner and erases it; safe to call more than once.
    func stop() {
        let wasSpinning = phase.withLock { phase in
            defer { phase = .stopped }
            if case .spinning = phase { return true }
            return false
        }
        guard wasSpinning else { return }
        timer.cancel()
        gate.clearTransient()
    }

    deinit { stop() }

    private func draw() {
        phase.withLock { phase in
            guard case .spinning(let frame) = phase else { return }
            gate.showTransient(Self.frames[frame % Self.frames.count] + " ")
            phase = .spinning(frame: frame + 1)
        }
    }

    private static func dispatch(_ duration: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(duration.clampedNanoseconds))
    }
}
