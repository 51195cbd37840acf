import Foundation
import SessionStore
import TachikomaCore

/// A scratch home whose session database the test seeds and inspects, as the chat would leave it.
struct SessionHome {
    let home = ScratchHome()

    /// The home's environment with `XDG_DATA_HOME` inside it.
    var environment: [String: String] {
        home.environment.merging(["XDG_DATA_HOME": home.path + "/data"], uniquingKeysWith: { $1 })
    }

    var databasePath: String { StoreLocation.defaultPath(environment: environment) }

    /// The store, opened (and made) at the database path; closed when the value goes.
    func store() throws -> SQLiteSessionStore {
        try SQLiteSessionStore(path: databasePath)
    }

    /// Runs the binary with this home.
    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CommandResult {
        try await runCommand(
            BuiltProducts.tachikoma, arguments, environment: environment.merging(extra, uniquingKeysWith: { $1 }))
    }

    /// Runs the binary as a user the permission bits bind: as is when the tests are not root, else
    /// as `nobody` through `setpriv` (root writes through any permission bits).
    func runBoundByPermissions(_ arguments: [String]) async throws -> CommandResult {
        if geteuid() != 0 { return try await run(arguments) }
        return try await runCommand(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", BuiltProducts.tachikoma] + arguments,
            environment: environment)
    }

    /// Hands the database and its folder to the user `runBoundByPermissions` runs as.
    func giveDatabaseToThatUser() {
        guard geteuid() == 0 else { return }
        for path in [home.path + "/data", home.path + "/data/tachikoma", databasePath] { chown(path, 65534, 65534) }
    }

    func remove() {
        // Give back what a test took away, so the folder can go.
        chmod(home.path + "/data/tachikoma", 0o700)
        chmod(databasePath, 0o600)
        home.remove()
    }

    /// "sky" on llama3.1:8b (a thought-out answer, then a model switch and an interrupted answer),
    /// and its replay "sky on mistral" used last.
    func seedSample() throws {
        let store = try store()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let sky = try store.createSession(
            NewSession(
                name: "sky", firstUserText: "why is the sky blue?", settings: [.model("llama3.1:8b")], createdAt: start))
        _ = try store.appendMessage(.user("why is the sky blue?"), to: sky.id, model: nil, usage: nil, interrupted: false, at: start)
        _ = try store.appendMessage(
            Message(role: .assistant, content: "Rayleigh scattering of sunlight.", thinking: "secret musings here"),
            to: sky.id, model: "llama3.1:8b", usage: Usage(completionTokens: 298, evalDuration: .milliseconds(4700)),
            interrupted: false, at: start + 5)
        try store.recordSetting(.model("qwen3:4b"), in: sky.id, at: start + 60)
        _ = try store.appendMessage(.user("and at sunset?"), to: sky.id, model: nil, usage: nil, interrupted: false, at: start + 61)
        let answer = try store.beginAnswer(in: sky.id, model: "qwen3:4b", at: start + 62)
        try store.saveProgress(of: answer, content: "Longer pa", thinking: nil)

        let replay = try store.createSession(
            NewSession(
                name: "sky on mistral", firstUserText: "why is the sky blue?", parentID: sky.id,
                settings: [.model("mistral:7b")], createdAt: start + 100))
        _ = try store.appendMessage(.user("why is the sky blue?"), to: replay.id, model: nil, usage: nil, interrupted: false, at: start + 101)
        _ = try store.appendMessage(
            .assistant("Blue light scatters off air molecules more than red light does."), to: replay.id,
            model: "mistral:7b", usage: Usage(completionTokens: 40, evalDuration: .milliseconds(500)), interrupted: false,
            at: start + 102)
        _ = try store.appendMessage(.user("and at sunset?"), to: replay.id, model: nil, usage: nil, interrupted: false, at: start + 103)
        _ = try store.appendMessage(
            .assistant("Light crosses more air, so the blue is scattered away."), to: replay.id, model: "mistral:7b",
            usage: Usage(completionTokens: 12, evalDuration: .milliseconds(300)), interrupted: false, at: start + 104)
    }
}

/// Runs `body` with a fresh session home, removed on every path.
func withSessionHome(_ body: (SessionHome) async throws -> Void) async throws {
    let home = SessionHome()
    defer { home.remove() }
    try await body(home)
}

/// A file's bytes, to check it was left as it was.
func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}
