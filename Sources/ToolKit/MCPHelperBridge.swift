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
            let answer = pending.add(id)
            // Answered already when the task was cancelled or the helper has gone: nothing to send.
            if !answer.hasFired { process.send(JSONEncoder.helperLine(request)) }
            return await answer.wait() ?? .failure(.cancelled)
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
        process.exit.whenFired { reason in pending.failAll(reason) }
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

/// The requests sent to the helper and not yet answered, each answered exactly once (a `OneShot`):
/// by its reply, by cancellation, or by the helper's end (after which every new request fails at once).
private final class PendingReplies: Sendable {
    typealias Answer = Result<MCPHelperReply, MCPHelperBridge.Unanswered>

    private enum Helper {
        /// Requests go out; these wait for their answers.
        case running(waiting: [Int: OneShot<Answer>])
        /// The helper has gone, for this reason: nothing waits, and nothing new is sent.
        case gone(String)
    }

    private struct State {
        var nextID = 1
        var helper = Helper.running(waiting: [:])
    }

    private let state = Mutex(State())

    func nextID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Where the answer to `id` will come, called from the waiting task. Answered at once (and not
    /// registered) when that task is already cancelled or the helper has gone. The check and the
    /// registering are one step, so a cancellation handler that runs later always finds it.
    func add(_ id: Int) -> OneShot<Answer> {
        let answer = OneShot<Answer>()
        let immediate: Answer? = state.withLock { state in
            if Task.isCancelled { return .failure(.cancelled) }
            switch state.helper {
            case .gone(let reason):
                return .failure(.helperGone(reason))
            case .running(var waiting):
                state.helper = .running(waiting: [:])
                waiting[id] = answer
                state.helper = .running(waiting: waiting)
                return nil
            }
        }
        if let immediate { answer.fire(immediate) }
        return answer
    }

    /// Answers `id`; false when it was already answered.
    @discardableResult
    func resolve(_ id: Int, _ answer: Answer) -> Bool {
        let waiter: OneShot<Answer>? = state.withLock { state in
            guard case .running(var waiting) = state.helper else { return nil }
            state.helper = .running(waiting: [:])
            let removed = waiting.removeValue(forKey: id)
            state.helper = .running(waiting: waiting)
            return removed
        }
        return waiter?.fire(answer) ?? false
    }

    /// Answers everything waiting, and everything after, with `reason` (the first reason stays).
    func failAll(_ reason: String) {
        let waiters: [OneShot<Answer>] = state.withLock { state in
            guard case .running(let waiting) = state.helper else { return [] }
            state.helper = .gone(reason)
            return Array(waiting.values)
        }
        for waiter in waiters { waiter.fire(.failure(.helperGone(reason))) }
    }
}
