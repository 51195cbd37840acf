import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An in-process imitation of Ollama's HTTP API on 127.0.0.1, answering from a `ServerScript`.
///
/// Shapes follow Ollama 0.12.6 (server/routes.go, api/types.go): Go's member order and escaping, `created_at`
/// in UTC, durations in nanoseconds, `prompt_eval_count` capped at `num_ctx` (default 4096) as truncation would.
/// One deliberate difference: an unknown model on chat/generate answers 404
/// `model "NAME" not found, try pulling it first` (older servers' wording, which clients match on);
/// 0.12.6 itself says `model 'NAME' not found`.
public final class ScriptedOllamaServer: Sendable {
    private let state: SharedServerState
    private let serverChannel: any Channel
    private let serveTask: Task<Void, Never>

    /// The bound port.
    public let port: Int

    private init(
        state: SharedServerState, serverChannel: any Channel, serveTask: Task<Void, Never>, port: Int, isTLS: Bool
    ) {
        self.isTLS = isTLS
        self.state = state
        self.serverChannel = serverChannel
        self.serveTask = serveTask
        self.port = port
    }

    /// Binds 127.0.0.1:port (0 = any free port) and serves `script`; over TLS (https://) when
    /// `tls` names a certificate and its key.
    public static func start(port: Int = 0, script: ServerScript = ServerScript(), tls: ServerTLSFiles? = nil)
        async throws -> ScriptedOllamaServer
    {
        let state = SharedServerState(ServerState(script: script))
        let listener: NIOAsyncChannel<Connection, Never>
        if let tls {
            let context = try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem))))
            listener = try await bootstrap.bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        } else {
            listener = try await bootstrap.bind(host: "127.0.0.1", port: port, childChannelInitializer: makeConnection)
        }
        return serve(listener, state: state, port: port, isTLS: tls != nil)
    }

    /// Serves `script` on the port `reserved` holds, which until now refused connections: a test sees
    /// a server come up where there was none, without freeing the port for anyone else to take.
    public static func start(listeningOn reserved: ReservedPort, script: ServerScript = ServerScript()) async throws
        -> ScriptedOllamaServer
    {
        guard let descriptor = try reserved.listenAndHandOver(backlog: backlog) else {
            throw POSIXError(.EBADF)
        }
        let state = SharedServerState(ServerState(script: script))
        let listener = try await bootstrap.bind(descriptor, childChannelInitializer: makeConnection)
        return serve(listener, state: state, port: reserved.port)
    }

    private static let backlog: Int32 = 256

    private static var bootstrap: ServerBootstrap {
        ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    }

    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    @Sendable private static func makeConnection(_ channel: any Channel) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            return try Connection(wrappingChannelSynchronously: channel)
        }
    }

    private static func serve(
        _ listener: NIOAsyncChannel<Connection, Never>, state: SharedServerState, port: Int, isTLS: Bool = false
    ) -> ScriptedOllamaServer
    {
        let boundPort = listener.channel.localAddress?.port ?? port
        let serveTask = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await listener.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask {
                                await OllamaConnection(connection: connection, state: state).run()
                            }
                        }
                    }
                } catch {
                    // The listener closed (shutdown): the connections still open finish or get cancelled.
                }
            }
        }
        return ScriptedOllamaServer(
            state: state, serverChannel: listener.channel, serveTask: serveTask, port: boundPort, isTLS: isTLS)
    }

    /// Whether it serves https://.
    public let isTLS: Bool

    /// `http://127.0.0.1:<port>` (`https://` when started with TLS).
    public var baseURL: String { (isTLS ? "https" : "http") + "://127.0.0.1:\(port)" }

    /// `http://127.0.0.1:<port>/v1`: the OpenAI-compatible API base, as OpenAI's own clients take it.
    public var openAIBaseURL: String { baseURL + "/v1" }

    /// Replaces the whole script; requests already streaming keep the script they started with.
    public func setScript(_ script: ServerScript) {
        state.withLock { $0.script = script }
    }

    /// Changes part of the script in place.
    public func updateScript(_ change: @Sendable (inout ServerScript) -> Void) {
        state.withLock { change(&$0.script) }
    }

    /// The current script (including models added by pulls and models loaded by chats).
    public var script: ServerScript {
        state.withLock { $0.script }
    }

    /// Every request received, in arrival order.
    public func recordedRequests() -> [RecordedRequest] {
        state.withLock { $0.requests }
    }

    /// Number of streaming responses the client closed before the server had finished them.
    public var clientDisconnects: Int {
        state.withLock { $0.clientDisconnects }
    }

    /// Lets the streams waiting at `ScriptedReply.holdAfterTokens` go on; streams that reach it later do not stop.
    public func releaseHeldStreams() {
        state.releaseHeldStreams()
    }

    /// Waits until `clientDisconnects >= count` or the timeout passes; returns whether it was reached.
    public func waitForClientDisconnects(_ count: Int, timeout: Duration) async -> Bool {
        let signal = state.withLock { $0.disconnects }
        return await signal.waitUntil(timeout: timeout) { clientDisconnects >= count }
    }

    /// Waits until `count` requests for `path` have arrived in all; throws when they did not come
    /// within `timeout`.
    public func waitForRequest(path: String, count: Int = 1, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if recordedRequests().count(where: { $0.path == path }) >= count { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw ScriptedServerWaitTimeout(what: "a request for \(path)")
    }

    /// Stops listening and closes every open connection.
    public func shutdown() async throws {
        serverChannel.close(promise: nil)
        serveTask.cancel()
        await serveTask.value
    }
}

/// The PEM files of a server certificate and its private key.
public struct ServerTLSFiles: Sendable, Hashable {
    public var certificatePath: String
    public var privateKeyPath: String

    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}

extension ScriptedOllamaServer {
    /// Runs `body` against a fresh server over TLS on a free loopback port; see `withRunning`.
    public static func withRunning<T>(
        _ script: ServerScript = ServerScript(), tls: ServerTLSFiles, _ body: (ScriptedOllamaServer) async throws -> T
    ) async throws -> T {
        try await run(start(port: 0, script: script, tls: tls), body)
    }

    /// Runs `body` against a fresh server on a free loopback port and shuts it down afterwards,
    /// also when `body` throws.
    public static func withRunning<T>(
        _ script: ServerScript = ServerScript(), _ body: (ScriptedOllamaServer) async throws -> T
    ) async throws -> T {
        try await run(start(port: 0, script: script), body)
    }

    /// `withRunning` on the port `reserved` holds (see `start(listeningOn:)`).
    public static func withRunning<T>(
        listeningOn reserved: ReservedPort, _ script: ServerScript = ServerScript(),
        _ body: (ScriptedOllamaServer) async throws -> T
    ) async throws -> T {
        try await run(start(listeningOn: reserved, script: script), body)
    }

    private static func run<T>(_ server: ScriptedOllamaServer, _ body: (ScriptedOllamaServer) async throws -> T)
        async throws -> T
    {
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}

/// A wait on the scripted server ended without the event it waited for.
public struct ScriptedServerWaitTimeout: Error, CustomStringConvertible {
    public var what: String
    public var description: String { "timed out waiting for \(what)" }
}
