import Foundation
import TachikomaCore

/// The server's model names, fetched in the background and kept briefly, for Tab completion.
///
/// Completion runs on the input thread and must not wait for the network: it takes what is cached
/// and, when that is old, starts a refresh for the next Tab.
final class ModelNameCache: @unchecked Sendable {
    private let backend: (any ModelManaging)?
    private let lifetime: Duration
    private let clock = ContinuousClock()
    // Guards everything below.
    private let lock = NSLock()
    private var names: [String] = []
    private var fetchedAt: ContinuousClock.Instant?
    private var refreshing = false

    init(backend: (any ModelManaging)?, lifetime: Duration = .seconds(30)) {
        self.backend = backend
        self.lifetime = lifetime
    }

    /// The cached names; starts a refresh when they are missing or old.
    func cachedNames() -> [String] {
        lock.lock()
        let names = self.names
        let stale = fetchedAt.map { clock.now - $0 > lifetime } ?? true
        let start = stale && !refreshing && backend != nil
        if start { refreshing = true }
        lock.unlock()
        if start {
            Task { [self] in _ = try? await self.fetch() }
        }
        return names
    }

    /// Asks the server now and remembers the answer.
    @discardableResult
    func refresh() async throws -> [ModelSummary] {
        lock.withLock { refreshing = true }
        return try await fetch()
    }

    /// Remembers names learnt another way (e.g. after a pull).
    func remember(_ name: String) {
        lock.lock()
        if !names.contains(name) { names.append(name) }
        lock.unlock()
    }

    private func fetch() async throws -> [ModelSummary] {
        defer { lock.withLock { refreshing = false } }
        guard let backend else { return [] }
        let models = try await backend.listModels()
        lock.withLock {
            names = models.map(\.name).sorted()
            fetchedAt = clock.now
        }
        return models
    }
}
