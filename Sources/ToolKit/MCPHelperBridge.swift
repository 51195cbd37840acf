import Foundation
import Subprocess
import Synchronization
import SystemPackage
import TachikomaCore

/// The `tachikoma-mcp` helper process, started on first use, and the requests waiting for its answers
/// (`MCPHelperRequest` documents the protocol). The helper does the MCP work; if it cannot start or
/// dies, every request is answered at once with why, so nothing waits for a process that is gone.
actor MCPHelperBridge {
    /// Why a request got no answer from the helper.
    enum Unanswered: Error, Sendable, Hashable {
        /// The helper is missing, could not start, has died, or the chat is ending.
        case helperGone(String)
        case cancelled
    }

    private let servers: [MCPServerConfig]
    private let helperPath: String
    private let environment: [String: String]
    private let callTimeout: Double?
    private let pending = PendingReplies()
    private var process: LineProcess?
    private var stopped = false

    /// How long the helper has to exit once its input is closed, and then once sent SIGTERM: enough
    /// for it to stop each MCP server (one second, then SIGTERM and one more).
    static let gracePeriod: Duration = .seconds(5)

    init(servers: [MCPServerConfig], helperPath: String, environment: [String: String], callTimeout: Double?) {
        self.servers = servers
        self.helperPath = helperPath
        self.environment = environment
        self.callTimeout = callTimeout
    }

    /// The helper's id while it runs (tests kill it).
    var helperProcessID: pid_t? { process?.processID }

    /// Sends the request `make` builds with a fresh id and waits for its answer. Cancelling the calling
    /// task sends `cancel` for it and returns `.cancelled` at once.
    func exchange(_ make: @Sendable (Int) -> MCPHelperRequest) async -> Result<MCPHelperReply, Unanswered> {
        guard let process = running() else {
            return .failure(.helperGone(stopped ? "the chat is ending" : "tachikoma-mcp is not running"))
        }
        let id = pending.nextID()
        let request = make(id)
        let pending = pending
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if pending.add(id, continuation) {
                    process.send(JSONEncoder.helperLine(request))
                }
            }
        } onCancel: {
            if pending.resolve(id, .failure(.cancelled)), request.type == .call {
                process.send(JSONEncoder.helperLine(MCPHelperRequest.cancel(id: id)))
            }
        }
    }

    /// Closes the helper's input (it stops every MCP server and exits), then SIGTERM and SIGKILL if it
    /// lingers. Returns once it is gone; later requests are answered "the chat is ending".
    func shutdown() async {
        stopped = true
        pending.failAll("the chat is ending")
        await process?.stop()
    }

    /// The helper, started (once) with the servers sent first; nil once stopped.
    private func running() -> LineProcess? {
        if stopped { return nil }
        if let process { return process }
        let process = LineProcess(gracePeriod: Self.gracePeriod)
        self.process = process
        let pending = pending
        guard FileManager.default.isExecutableFile(atPath: helperPath) else {
            pending.failAll(MCPHelperLocation.missingMessage(helperPath, environment: environment))
            return process
        }
        let path = helperPath
        process.start(
            Configuration(executable: .path(FilePath(helperPath)), environment: Self.environment(environment)),
            describeExit: { status, tail in
                LineProcess.exitReason(status, errorTail: tail, who: "the MCP helper (tachikoma-mcp)") + "; restart the chat to try again"
            },
            describeStartFailure: { error in "the MCP helper could not be started: \(CommandRunner.startFailureMessage(error, program: path, folder: nil))" },
            deliver: { line in
                guard let reply = try? JSONDecoder().decode(MCPHelperReply.self, from: line) else { return }
                pending.resolve(reply.id, .success(reply))
            })
        Task { [exit = process.exit] in
            if let reason = await exit.wait() { pending.failAll(reason) }
        }
        process.send(JSONEncoder.helperLine(MCPHelperRequest.configure(servers, callTimeout: callTimeout)))
        return process
    }

    private static func environment(_ values: [String: String]) -> Subprocess.Environment {
        var keyed: [Subprocess.Environment.Key: String] = [:]
        for (name, value) in values {
            if let key = Subprocess.Environment.Key(rawValue: name) { keyed[key] = value }
        }
        return .custom(keyed)
    }
}

/// The requests sent to the helper and not yet answered, each resumed exactly once: by its reply, by
/// cancellation, or by the helper's end (after which every new request fails at once).
private final class PendingReplies: Sendable {
    typealias Answer = Result<MCPHelperReply, MCPHelperBridge.Unanswered>

    private struct State {
        var nextID = 1
        var waiting: [Int: CheckedContinuation<Answer, Never>] = [:]
        var gone: String?
    }

    private let state = Mutex(State())

    func nextID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Registers `continuation` for `id`, called from the waiting task; false (and resumed at once)
    /// when that task is already cancelled or the helper has gone. The check and the registering are
    /// one step, so a cancellation handler that runs later always finds the continuation.
    func add(_ id: Int, _ continuation: CheckedContinuation<Answer, Never>) -> Bool {
        let immediate: Answer? = state.withLock { state in
            if Task.isCancelled { return .failure(.cancelled) }
            if let gone = state.gone { return .failure(.helperGone(gone)) }
            state.waiting[id] = continuation
            return nil
        }
        guard let immediate else { return true }
        continuation.resume(returning: immediate)
        return false
    }

    /// Answers `id`; false when it was already answered.
    @discardableResult
    func resolve(_ id: Int, _ answer: Answer) -> Bool {
        guard let waiter = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return false }
        waiter.resume(returning: answer)
        return true
    }

    /// Answers everything waiting, and everything after, with `reason`.
    func failAll(_ reason: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<Answer, Never>] in
            if state.gone == nil { state.gone = reason }
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiters { waiter.resume(returning: .failure(.helperGone(reason))) }
    }
}
