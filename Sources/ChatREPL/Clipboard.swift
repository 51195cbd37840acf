import Foundation
import TerminalText

/// Where `/copy` puts text: the terminal's clipboard, through its Operating System Command 52
/// (base64, which works over SSH and in tmux with `set-clipboard on`), or a program configured as
/// `copy_command` that reads the text on its standard input (`wl-copy`, `xclip -selection clipboard`).
public enum Clipboard: Sendable, Hashable {
    case terminalSequence
    /// A program and its arguments, run without a shell.
    case command([String])

    /// Why the text could not be copied, in one line saying what to do.
    enum Failure: Error, Hashable, CustomStringConvertible {
        case notATerminal
        case couldNotStart(program: String, reason: String)
        case failed(program: String, status: Int32)

        var description: String {
            switch self {
            case .notATerminal:
                return "the clipboard sequence needs a terminal; set \"copy_command\" in the config (e.g. [\"wl-copy\"])"
            case .couldNotStart(let program, let reason):
                return "could not run copy_command '\(program)': \(reason); check \"copy_command\" in the config"
            case .failed(let program, let status):
                return "copy_command '\(program)' failed (exit status \(status)); nothing was copied"
            }
        }
    }

    /// The terminal's clipboard sequence carrying `text`: `ESC ] 52 ; c ; BASE64 BEL`.
    static func sequence(for text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    /// Puts `text` on the clipboard, writing the sequence to `output` when that is the way.
    func copy(_ text: String, to output: any TextOutput) async throws(Failure) {
        switch self {
        case .terminalSequence:
            guard output.acceptsEscapeCodes else { throw .notATerminal }
            output.write(Self.sequence(for: text))
        case .command(let argv):
            try await Self.run(argv, input: text)
        }
    }

    private static func run(_ argv: [String], input: String) async throws(Failure) {
        let program = argv[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? Array(argv.dropFirst()) : argv
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                    return
                }
                // Written after the start, and closed, so the program sees the end of its input. A
                // program that exits without reading is told apart by its status, not by the write.
                try? pipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
                try? pipe.fileHandleForWriting.close()
            }
        } catch {
            throw .couldNotStart(program: program, reason: error.localizedDescription)
        }
        // `env` says 127 when it cannot find the program.
        if status == 127, !program.contains("/") { throw .couldNotStart(program: program, reason: "not found on PATH") }
        guard status == 0 else { throw .failed(program: program, status: status) }
    }
}
