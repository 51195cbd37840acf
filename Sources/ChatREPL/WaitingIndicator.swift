import Dispatch
import Foundation
import TachikomaCore

/// The spinner shown while a request has produced nothing yet, as `ollama run` shows one.
///
/// It appears only after `delay` (a quick answer shows no spinner at all), draws through the
/// gate's transient mark, so the first real output (or the REPL after Ctrl-C) erases it, and
/// draws nothing once `stop` has returned.
final class WaitingIndicator: @unchecked Sendable {
    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    private let gate: OutputGate
    private let timer: any DispatchSourceTimer
    // Guards `stopped` and `frame`; held while a frame is drawn so `stop` waits for it.
    private let lock = NSLock()
    private var stopped = false
    private var frame = 0

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
        lock.lock()
        let wasRunning = !stopped
        stopped = true
        lock.unlock()
        guard wasRunning else { return }
        timer.cancel()
        gate.clearTransient()
    }

    deinit { stop() }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        gate.showTransient(Self.frames[frame % Self.frames.count] + " ")
        frame += 1
    }

    private static func dispatch(_ duration: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(duration.clampedNanoseconds))
    }
}
