import ArgumentParser
import CBuildVersion

/// `tachikoma`: chat with local models from the terminal. With no subcommand it opens the chat.
struct Tachikoma: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tachikoma",
        abstract: "Chat with local models served by Ollama, from your terminal.",
        discussion: """
            With no subcommand, opens the interactive chat. The server is taken from --host, else \
            OLLAMA_HOST, else the config file, else http://127.0.0.1:11434.
            """,
        version: TachikomaVersion.current,
        subcommands: [
            ChatCommand.self, RunCommand.self, ListCommand.self, PsCommand.self, ShowCommand.self,
            PullCommand.self, VersionCommand.self, SessionsCommand.self, HistoryCommand.self, BranchesCommand.self, SearchCommand.self,
            ExportCommand.self, ImportCommand.self, RemoveCommand.self, DiffCommand.self, ReplayCommand.self,
        ],
        defaultSubcommand: ChatCommand.self
    )
}

/// This build's version: the git tag `make` found (scripts/version.sh), or "dev" for a plain `swift build`.
enum TachikomaVersion {
    static let current = String(cString: tachikoma_build_version())
}
