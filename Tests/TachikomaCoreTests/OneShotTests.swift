import Synchronization
import TachikomaCore
import Testing

/// The one "resume exactly once" primitive: first fire wins, every waiter resumed once, a cancelled
/// waiter leaves. Waits are for the one-shot's own events; nothing sleeps.
@Suite struct OneShotTests {
    @Test func concurrentFiresHaveExactlyOneWinnerWhoseValueEveryoneGets() async {
        for _ in 1...20 {
            let shot = OneShot<Int>()
            let waiters = (1...8).map { _ in Task { await shot.wait() } }
            let outcomes = await withTaskGroup(of: (value: Int, won: Bool).self) { group in
                for value in 1...64 {
                    group.addTask { (value, shot.fire(value)) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.filter(\.won)
            #expect(winners.count == 1)
            let value = shot.value
            #expect(value != nil && winners.first?.value == value)
            for waiter in waiters {
                #expect(await waiter.value == value)
            }
            // Later fires change nothing.
            #expect(!shot.fire(0))
            #expect(shot.value == value)
        }
    }

    @Test func aValueFiredBeforeTheWaitIsKept() async {
        let shot = OneShot<String>()
        #expect(shot.value == nil)
        #expect(!shot.hasFired)
        #expect(shot.fire("first"))
        #expect(!shot.fire("second"))
        #expect(await shot.wait() == "first")
        #expect(await shot.waitEvenIfCancelled() == "first")
        #expect(shot.hasFired)
    }

    @Test func aWaiterCancelledBeforeTheFireStopsWaitingAndTheOthersGetTheValue() async {
        let shot = OneShot<Int>()
        let staying = Task { await shot.wait() }
        let leaving = (1...8).map { _ in Task { await shot.wait() } }
        for waiter in leaving { waiter.cancel() }
        // Every cancelled waiter has returned before anything was fired.
        for waiter in leaving {
            #expect(await waiter.value == nil)
        }
        #expect(!shot.hasFired)
        #expect(shot.fire(7))
        #expect(await staying.value == 7)
    }

    @Test func aTaskCancelledBeforeItWaitsReturnsAtOnceUnlessTheValueIsThere() async {
        let shot = OneShot<Int>()
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await shot.wait()
        }
        #expect(await early.value == nil)
        shot.fire(3)
        let late = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await shot.wait()
        }
        #expect(await late.value == 3)
    }

    @Test func aSteadfastWaiterWaitsThroughItsCancellation() async {
        let shot = OneShot<Int>()
        let waiter = Task { await shot.waitEvenIfCancelled() }
        waiter.cancel()
        shot.fire(5)
        #expect(await waiter.value == 5)
    }

    @Test func whenFiredRunsEachActionOnceEvenWhenAddedAfterTheFire() {
        let shot = OneShot<Int>()
        let seen = Mutex<[String]>([])
        shot.whenFired { value in seen.withLock { $0.append("before \(value)") } }
        shot.fire(1)
        shot.fire(2)
        shot.whenFired { value in seen.withLock { $0.append("after \(value)") } }
        #expect(seen.withLock { $0 } == ["before 1", "after 1"])
    }
}
