import Foundation
import OllamaTestSupport
import Testing

@testable import ChatREPL

@Suite(.serialized) struct SignalWatcherTests {
    /// Waits, with a generous timeout, for the watcher to report the signal.
    func waitFor(_ seen: Locked<[Int32]>, count: Int) async -> Bool {
        await testDoubleChanges.waitUntil(timeout: .seconds(90)) { seen.get().count >= count }
    }

    func currentHandlerIsDefault(_ signalNumber: Int32) -> Bool {
        var current = sigaction()
        sigaction(signalNumber, nil, &current)
        #if os(Linux)
            return current.__sigaction_handler.sa_handler == nil
        #else
            return current.__sigaction_u.__sa_handler == nil
        #endif
    }

    @Test func reportsSignalsAndWorksAgainAfterBeingStopped() async {
        let seen = Locked<[Int32]>([])
        let watcher = SignalWatcher()
        // Twice: a watcher started after another was stopped must still see the signal.
        for round in 1...2 {
            watcher.start([SIGUSR1]) { signalNumber in
                seen.update { $0.append(signalNumber) }
                testDoubleChanges.notify()
            }
            kill(getpid(), SIGUSR1)
            #expect(await waitFor(seen, count: round))
            watcher.stop()
            #expect(currentHandlerIsDefault(SIGUSR1))
        }
        #expect(seen.get() == [SIGUSR1, SIGUSR1])
    }
}
