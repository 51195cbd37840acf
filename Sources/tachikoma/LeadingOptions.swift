import ArgumentParser

/// Lets the options every command takes come before the subcommand, as with `ollama` and `git`:
/// `tachikoma --host URL list` and `tachikoma --server oa run MODEL PROMPT` are read as
/// `tachikoma list --host URL` and `tachikoma run --server oa MODEL PROMPT`.
///
/// Without this the default command (the chat) takes the words: `list` looks like a session name and
/// `run` an unexpected argument. Limits: only the leading words are looked at; an option this table
/// does not know is taken as a flag; after `--resume` the next word is a session name, not a command.
enum LeadingOptions {
    /// Options, of the chat and of the commands, that take a value as the next word.
    static let takingValues: Set<String> = ["--host", "--config", "--server", "--model", "-m", "--system", "--keepalive"]

    /// The subcommands' names.
    static var subcommandNames: Set<String> {
        Set(Tachikoma.configuration.subcommands.compactMap { $0.configuration.commandName })
    }

    /// `arguments` (without the program name) with a subcommand that follows leading options moved first.
    static func subcommandFirst(_ arguments: [String], subcommands: Set<String> = subcommandNames) -> [String] {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" || word == "--resume" { return arguments }
            guard word.hasPrefix("-"), word.count > 1 else {
                guard index > 0, subcommands.contains(word) else { return arguments }
                return [word] + arguments[..<index] + arguments[(index + 1)...]
            }
            index += takingValues.contains(word) ? 2 : 1
        }
        return arguments
    }
}
