import ArgumentParser
import TachikomaCore

/// `--keepalive DURATION` on `chat` and `run`: how long the server keeps the model loaded after a
/// request, as `ollama run --keepalive` sends it. Sent only when given here or as the config's
/// `keep_alive`.
struct KeepAliveOption: ParsableArguments {
    @Option(
        name: .customLong("keepalive"),
        // "-1" (keep it loaded) is a value here, not an option.
        parsing: .unconditional,
        help: ArgumentHelp(
            "How long the server keeps the model loaded after each request: a Go duration (10m, 1h30m; -1 keeps it, 0 unloads at once) or whole seconds (default: the config file's keep_alive, else the server's own).",
            valueName: "duration"))
    var keepAlive: String?

    func validate() throws {
        guard let keepAlive else { return }
        let isDuration = GoDuration.seconds(keepAlive) != nil
        let isSeconds = Int(keepAlive).map(SettingLimits.keepAliveSeconds.accepts) == true
        guard isDuration || isSeconds else {
            throw ValidationError(
                "--keepalive takes a duration such as 10m, 1h30m or -1 (Go's syntax), or whole seconds, not '\(keepAlive)'")
        }
    }
}
