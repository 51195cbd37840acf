import ArgumentParser
import ChatREPL
import Foundation

/// Parses the command line, runs the command and turns every failure into one line and an exit code:
/// 0 success, 1 a server or model error, 2 a usage or config error, 130 interrupted. Error lines may
/// quote a server, so they are sanitized before they reach the terminal.
@main
enum EntryPoint {
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try Tachikoma.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let failure as CommandFailure {
            Console.standardError.write("Error: \(TerminalSanitizer.clean(failure.message))\n")
            exit(failure.exitCode)
        } catch {
            let code = Tachikoma.exitCode(for: error)
            let message = Tachikoma.fullMessage(for: error)
            if code == .success {
                Console.standardOutput.write(message + "\n")
                exit(0)
            }
            Console.standardError.write(TerminalSanitizer.clean(message) + "\n")
            // Usage errors exit 2, as shells and the issue tracker's convention expect (not sysexits' 64).
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
