import Foundation
import TachikomaCore

/// The server's model names, fetched in the background and kept briefly, for Tab completion; and
/// the server's `/show` topics and `/set` parameters. `/server` points it at another server.
///
/// Completion runs on the input thread and must not wait for the network: it takes what is cached
/// and, when that is old, starts a refresh for the next Tab.
final class ModelNameCache: @unchecked Sendable {
    private var backend: (any ModelListing)?
    private var topics: [String]
    private var parameters: RequestParameterTable
    /// Bumped by each switch of server, so a fetch begun before it does not store the old names.
    private var generation = 0
    private let lifetime: Duration
    private let clock = ContinuousClock()
    // Guards everything below.
    private let lock = NSLock()
    private var names: [String] = []
    private var fetchedAt: ContinuousClock.Instant?
    private var refreshing = false

    init(
        backend: (any ModelListing)?, showTopics: [String] = [], parameters: RequestParameterTable = .chatSettingsOnly,
        lifetime: Duration = .seconds(30)
    ) {
        self.backend = backend
        self.topics = showTopics
        self.parameters = parameters
        self.lifetime = lifetime
    }

    /// Forgets the names and asks `backend` from now on.
    func switchBackend(_ backend: (any ModelListing)?, showTopics: [String], parameters: RequestParameterTable) {
        lock.withLock {
            self.backend = backend
            topics = showTopics
            self.parameters = parameters
            names = []
            fetchedAt = nil
            generation += 1
        }
    }

    /// The topics `/show` offers on the current server.
    func showTopics() -> [String] {
        lock.withLock { topics }
    }

    /// What the current server takes with a request.
    func requestParameters() -> RequestParameterTable {
        lock.withLock { parameters }
    }

    /// The cached names; starts a refresh when they are missing or old.
    func cachedNames() -> [String] {
        lock.lock()
        let names = self.names
        let stale = fetchedAt.map { clock.now - $0 > lifetime } ?? true
        let start = stale && !refreshing && self.backend != nil
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
        let (backend, generation) = lock.withLock { (self.backend, self.generation) }
        guard let backend else { return [] }
        let models = try await backend.listModels()
        lock.withLock {
            guard generation == self.generation else { return }
            names = models.map(\.name).sorted()
            fetchedAt = clock.now
        }
        return models
    }
}
