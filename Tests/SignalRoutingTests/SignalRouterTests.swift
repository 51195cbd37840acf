import Glibc
import SignalRouting
import Synchronization
import Testing

/// The process's signal router, with real signals sent by `raise`. SIGUSR1 and SIGUSR2 only (nothing
/// else in the test process uses them), and one test at a time: they share the process's signals.
/// Every wait is for the handler's own event; nothing sleeps.
@Suite(.serialized) struct SignalRouterTests {
    /// What one subscription's handler saw, as a stream to wait on, and a count to check.
    final class Heard: Sendable {
        let signals: AsyncStream<Int32>
        private let continuation: AsyncStream<Int32>.Continuation

        init() {
            (signals, continuation) = AsyncStream.makeStream()
        }

        var handler: @Sendable (Int32) -> Void {
            { [continuation] in continuation.yield($0) }
        }

        /// The next signal heard, waiting for it if need be.
        func next() async -> Int32? {
            var iterator = signals.makeAsyncIterator()
            return await iterator.next()
        }
    }

    /// `raise(signal)`, with the signal unblocked on this thread for the moment: test bodies run on
    /// dispatch's worker threads, which block signals, and there the raised signal would wait. So
    /// the router's handler runs here, before `raise` returns.
    static func raiseHere(_ signal: Int32) {
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, signal)
        var previous = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &only, &previous)
        raise(signal)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    static func handlerIsDefault(_ signal: Int32) -> Bool {
        var current = sigaction()
        sigaction(signal, nil, &current)
        return current.__sigaction_handler.sa_handler == nil
    }

    @Test func twoSubscribersBothGetASignal() async {
        let first = Heard()
        let second = Heard()
        let one = SignalRouter.shared.subscribe(to: [SIGUSR1], first.handler)
        let two = SignalRouter.shared.subscribe(to: [SIGUSR1, SIGUSR2], second.handler)
        Self.raiseHere(SIGUSR1)
        #expect(await first.next() == SIGUSR1)
        #expect(await second.next() == SIGUSR1)
        one.cancel()
        two.cancel()
    }

    @Test func aCancelledSubscriptionGetsNone() async {
        let cancelled = Heard()
        let count = Count()
        let gone = SignalRouter.shared.subscribe(to: [SIGUSR1]) { signal in
            count.add()
            cancelled.handler(signal)
        }
        gone.cancel()
        // Subscribed after the cancelled one: had that one still been called, it would have been
        // first, as handlers run one at a time in the order they subscribed.
        let live = Heard()
        let subscription = SignalRouter.shared.subscribe(to: [SIGUSR1], live.handler)
        Self.raiseHere(SIGUSR1)
        #expect(await live.next() == SIGUSR1)
        #expect(count.value == 0)
        subscription.cancel()
    }

    @Test func aReleasedSubscriptionIsCancelledAndTheDefaultActionComesBack() async {
        // Twice: a subscription made after the last one ended must still hear the signal.
        for _ in 1...2 {
            let heard = Heard()
            var subscription: SignalSubscription? = SignalRouter.shared.subscribe(to: [SIGUSR2], heard.handler)
            #expect(!Self.handlerIsDefault(SIGUSR2))
            Self.raiseHere(SIGUSR2)
            #expect(await heard.next() == SIGUSR2)
            #expect(subscription != nil)
            subscription = nil
            #expect(Self.handlerIsDefault(SIGUSR2))
        }
    }

    @Test func anExclusiveSubscriptionTakesTheSignalFromTheOthersWhileItLasts() async {
        let shared = Heard()
        let sharedCount = Count()
        let answer = SignalRouter.shared.subscribe(to: [SIGUSR1]) { signal in
            sharedCount.add()
            shared.handler(signal)
        }
        let prompt = Heard()
        let question = SignalRouter.shared.subscribe(to: [SIGUSR1], exclusive: true, prompt.handler)
        Self.raiseHere(SIGUSR1)
        #expect(await prompt.next() == SIGUSR1)
        // The shared one subscribed first, so it would have run before the exclusive one.
        #expect(sharedCount.value == 0)

        question.cancel()
        // The handler stays: the signal still has a subscriber, and does not kill the process.
        #expect(!Self.handlerIsDefault(SIGUSR1))
        Self.raiseHere(SIGUSR1)
        #expect(await shared.next() == SIGUSR1)
        #expect(sharedCount.value == 1)
        answer.cancel()
        #expect(Self.handlerIsDefault(SIGUSR1))
    }

    @Test func reinstallingPutsTheRoutersHandlerBackAfterAnotherReplacedIt() async {
        let heard = Heard()
        let subscription = SignalRouter.shared.subscribe(to: [SIGUSR2], heard.handler)
        // As libedit's el_wgets does with the resize signals.
        signal(SIGUSR2, SIG_IGN)
        SignalRouter.shared.reinstallHandlers(for: [SIGUSR2, SIGUSR1])
        Self.raiseHere(SIGUSR2)
        #expect(await heard.next() == SIGUSR2)
        // Not a signal nobody subscribes to.
        #expect(Self.handlerIsDefault(SIGUSR1))
        subscription.cancel()
        #expect(Self.handlerIsDefault(SIGUSR2))
    }

    @Test func anInboxCollectsSignalsForAThreadWaitingInPoll() throws {
        let inbox = try #require(SignalInbox(signals: [SIGUSR1]))
        #expect(inbox.take().isEmpty)
        Self.raiseHere(SIGUSR1)
        var watched = pollfd(fd: inbox.descriptor, events: Int16(POLLIN), revents: 0)
        // Waits for as long as the router takes: the inbox's descriptor is the event.
        #expect(poll(&watched, 1, -1) == 1)
        #expect(inbox.take() == [SIGUSR1])
        #expect(inbox.take().isEmpty)
        inbox.cancel()
        #expect(Self.handlerIsDefault(SIGUSR1))
    }
}

/// How many times a handler ran.
final class Count: Sendable {
    private let count = Mutex(0)

    func add() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}
