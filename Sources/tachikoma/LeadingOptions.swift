import ArgumentParser

/// Lets the options every command takes come before the subcommand, as with `ollama` and `git`:
/// `tachikoma --host URL list` and `tachikoma --server oa run MODEL PROMPT` are read as
/// `tachikoma list --host URL` and `tachikoma run --server oa MODEL PROMPT`.
///
/// Without this the default command (the chat) takes the words: `list` looks like a session name and
/// `run` an unexpected argument. The commands that only read the local session store (`sessions`,
/// `history`, `search`…) take no connection options; leading `--host`, `--server` and `--config`
/// are dropped for them, so that an alias such as `tk='tachikoma --host gpu-box'` works for
/// `tk sessions` too. Limits: only the leading words are looked at; an option this table does not
/// know is taken as a flag; after `--resume` the next word is a session name, not a command.
enum LeadingOptions {
    /// Options, of the chat and of the commands, that take a value as the next word.
    static let takingValues: Set<String> = ["--host", "--config", "--server", "--model", "-m", "--system", "--keepalive"]

    /// Where the server is: what a command that talks to none does without.
    static let connectionOptions: Set<String> = ["--host", "--config", "--server"]

    /// The subcommands' names.
    static var subcommandNames: Set<String> {
        Set(Tachikoma.configuration.subcommands.compactMap { $0.configuration.commandName })
    }

    /// The subcommands that talk to a server, and so take `--host`, `--server` and `--config`.
    static var subcommandsTakingConnection: Set<String> {
        Set(Tachikoma.configuration.subcommands.compactMap { command in
            command is any ConnectingCommand.Type ? command.configuration.commandName : nil
        })
    }

    /// `arguments` (without the program name) with a subcommand that follows leading options moved
    /// first; leading connection options are dropped when that subcommand is not in `connecting`
    /// (looked up only then: the first cast to a protocol scans the binary's conformance records).
    static func subcommandFirst(
        _ arguments: [String], subcommands: Set<String> = subcommandNames,
        connecting: @autoclosure () -> Set<String> = subcommandsTakingConnection
    ) -> [String] {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" || word == "--resume" { return arguments }
            guard word.hasPrefix("-"), word.count > 1 else {
                guard index > 0, subcommands.contains(word) else { return arguments }
                let before = arguments[..<index]
                let leading = connecting().contains(word) ? Array(before) : withoutConnection(before)
                return [word] + leading + arguments[(index + 1)...]
            }
            index += takingValues.contains(word) ? 2 : 1
        }
        return arguments
    }

    /// Leading words without `--host URL`, `--host=URL` and the like.
    private static func withoutConnection(_ words: ArraySlice<String>) -> [String] {
        var kept: [String] = []
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            let step = takingValues.contains(word) ? 2 : 1
            if !connectionOptions.contains(name) { kept += words[index..<min(index + step, words.endIndex)] }
            index += step
        }
        return kept
    }
}

/// A subcommand that talks to a server: it takes `ConnectionOptions`.
protocol ConnectingCommand {
    var connection: ConnectionOptions { get }
}
