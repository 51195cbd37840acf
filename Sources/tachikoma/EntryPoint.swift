import HTTPStreaming
import TerminalText
import ArgumentParser
import ChatREPL
import Foundation

/// Parses the command line, runs the command and turns every failure into one line and an exit code:
/// 0 success, 1 a server or model error, 2 a usage or config error, 130 interrupted. Error lines may
/// quote a server, so they are sanitized before they reach the terminal.
@main
enum EntryPoint {
    /// Runs the command in a task while the main thread waits. An `async` main would have the main
    /// thread call `dispatch_main`, which ends it with `pthread_exit`: the forced unwinding of its
    /// stack searches the 1 MB unwind table and keeps 0.5 MiB of it resident in every run
    /// (BENCHMARKS.md, "Footprint"). Nothing here runs on the main actor; the command ends the
    /// process with `exit`.
    static func main() {
        let finished = DispatchSemaphore(value: 0)
        // Detached: `main` is on the main actor, which this thread, waiting, would never serve.
        Task.detached {
            await run()
            finished.signal()
        }
        finished.wait()
    }

    private static func run() async {
        signal(SIGPIPE, SIG_IGN)
        // A write past the file size limit (`ulimit -f`) fails with EFBIG, reported like a full disk,
        // and raises SIGXFSZ in the writing thread. The store's worker threads block it anyway; a
        // write from any other thread (the input history) would be ended by its default action.
        signal(SIGXFSZ, SIG_IGN)
        EventLoopTaskExecutor.useOneSharedLoop()
        do {
            var command = try Tachikoma.parseAsRoot(arguments(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            if let failure = Console.standardOutput.writeFailure { fail(.output(failure)) }
            exit(0)
        } catch let failure as CommandFailure {
            // A closed stdout explains an error that came of it (e.g. a cancelled request).
            fail(Console.standardOutput.writeFailure.map(CommandFailure.output) ?? failure)
        } catch {
            let code = Tachikoma.exitCode(for: error)
            let message = Tachikoma.fullMessage(for: error)
            if code == .success {
                // --help: ArgumentParser leaves the usage line whole and long words at the edge.
                Console.standardOutput.writeMessage(message)
                exit(0)
            }
            Console.standardError.writeMessage(TerminalSanitizer.clean(message))
            // Usage errors exit 2, as shells and the issue tracker's convention expect (not sysexits' 64).
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// The command line as the parser reads it: a `--think` value joined to its option, and a
    /// subcommand that follows leading options moved first.
    static func arguments(_ words: [String]) -> [String] {
        LeadingOptions.subcommandFirst(ThinkingOptions.normalized(words))
    }

    /// One line on stderr (none when the message is empty), then the exit code.
    private static func fail(_ failure: CommandFailure) -> Never {
        if !failure.message.isEmpty { Console.standardError.writeMessage("Error: \(TerminalSanitizer.clean(failure.message))") }
        exit(failure.exitCode)
    }
}
