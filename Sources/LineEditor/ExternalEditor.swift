#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The editor Ctrl-G opens on the input: `$OLLAMA_EDITOR`, else `$VISUAL`, else `$EDITOR`, else
/// `vi`, as `ollama run` chooses. A value may carry arguments (`code --wait`), split as a shell
/// splits words (`ShellWords`) but never run through a shell.
///
/// The text goes to a file only its owner can read (mode 0600) in `$TMPDIR` (else `/tmp`), the editor
/// runs on the terminal with the default signal dispositions, and the file is removed afterwards
/// whatever happened. The caller hands the terminal over (cooked mode) and takes it back.
struct ExternalEditor: Equatable {
    /// What came of an edit.
    enum Outcome: Equatable {
        /// The saved text, without the line breaks that end it.
        case edited(String)
        /// The file was saved empty (or only blank): the input stays as it was.
        case empty
        /// The editor could not run or failed; one line saying why, the input stays as it was.
        case failed(String)
    }

    /// The editor's words (program and arguments); the file's path goes after them.
    var command: [String]
    /// The environment variable it came from, for messages; nil for the `vi` default.
    var source: String?
    /// Where the file goes; nil: `$TMPDIR`, else `/tmp`.
    var directory: String?

    /// The variables looked at, in order.
    static let variables = ["OLLAMA_EDITOR", "VISUAL", "EDITOR"]

    /// The editor `environment` names; a value that cannot be split is one line saying so.
    static func chosen(from environment: [String: String]) -> Result<ExternalEditor, EditorFailure> {
        for name in variables {
            guard let value = environment[name], !value.allSatisfy(\.isWhitespace) else { continue }
            do {
                return .success(ExternalEditor(command: try ShellWords.split(value), source: name))
            } catch {
                return .failure(EditorFailure("$\(name) cannot be read as a command (\(error.description)); fix it to edit the input"))
            }
        }
        return .success(ExternalEditor(command: ["vi"], source: nil))
    }

    /// Writes `text` to a private file, runs the editor on it and reads it back.
    func edit(_ text: String) -> Outcome {
        let directory = self.directory ?? Self.temporaryDirectory()
        var template = Array((directory + "/tachikoma-prompt-XXXXXX.txt").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else {
            return .failed("could not make a file for the editor in \(directory): \(String(cString: strerror(errno)))")
        }
        let path = String(cString: template)
        defer { unlink(path) }
        // A last line break, as editors keep one; it is taken off again after.
        let contents = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
        let wrote = Self.writeAll(Array(contents.utf8), to: descriptor)
        close(descriptor)
        guard wrote else { return .failed("could not write the input to \(path)") }

        switch run(path) {
        case .failure(let failure): return .failed(failure.message)
        case .success: break
        }
        guard let data = Self.readAll(path) else { return .failed("could not read back \(path)") }
        var edited = String(decoding: data, as: UTF8.self)
        // By scalars: "\r\n" is one Character, which neither "\n" nor "\r" is a suffix of.
        while let last = edited.unicodeScalars.last, last == "\n" || last == "\r" { edited.unicodeScalars.removeLast() }
        if edited.allSatisfy(\.isWhitespace) { return .empty }
        return .edited(edited)
    }

    /// The program's name as a message gives it.
    var name: String { command.first ?? "vi" }

    /// Runs the editor on `path` and waits for it.
    private func run(_ path: String) -> Result<Void, EditorFailure> {
        guard !command.isEmpty else { return .failure(EditorFailure("\(source.map { "$" + $0 } ?? "the editor") names no program")) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Ignored signals (SIGPIPE here) and blocked ones would carry over into the editor.
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        var noSignal = sigset_t()
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments = (command + [path]).map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, command[0], nil, &attributes, arguments, environ)
        guard spawned == 0 else {
            if spawned == ENOENT {
                return .failure(EditorFailure(
                    "editor '\(name)' not found; set OLLAMA_EDITOR, VISUAL or EDITOR to the editor's command (e.g. nano, \"code --wait\")"))
            }
            return .failure(EditorFailure("could not start the editor '\(name)': \(String(cString: strerror(spawned)))"))
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(EditorFailure("lost track of the editor '\(name)'")) }
        }
        let signal = status & 0x7F
        if signal != 0 {
            return .failure(EditorFailure("the editor '\(name)' was stopped by signal \(signal); the input is unchanged"))
        }
        let code = (status >> 8) & 0xFF
        guard code == 0 else {
            return .failure(EditorFailure("the editor '\(name)' exited with status \(code); the input is unchanged"))
        }
        return .success(())
    }

    private static func temporaryDirectory() -> String {
        guard let value = getenv("TMPDIR").map({ String(cString: $0) }), !value.isEmpty else { return "/tmp" }
        return value.hasSuffix("/") && value.count > 1 ? String(value.dropLast()) : value
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    private static func readAll(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let received = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if received < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if received == 0 { return data }
            data += chunk[..<received]
        }
    }
}

/// Why the editor could not be used: one line a person can act on.
struct EditorFailure: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
