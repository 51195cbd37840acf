import Foundation
import OllamaTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in a pseudo-terminal, as a person at a terminal would, and collects what it shows.
final class PseudoTerminal: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case system(String)
        case timeout(waitingFor: String, screen: String)
        var description: String {
            switch self {
            case .system(let what): return "pseudo-terminal: \(what) failed: \(String(cString: strerror(errno)))"
            case .timeout(let what, let screen): return "timed out waiting for \(what); output so far:\n\(screen)"
            }
        }
    }

    /// glibc's POSIX_SPAWN_SETSID (0x80), which the Glibc module does not export.
    private static let spawnSetSID: Int32 = 0x80
    /// _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned int): function-like macros Swift cannot import.
    private static let setPtyLock: UInt = 0x4004_5431
    private static let getPtyNumber: UInt = 0x8004_5430

    let pid: pid_t
    private let master: Int32
    private let initialColumns: Int
    private let shared = SharedState()

    /// Kept until `deinit` has killed the child, then removed.
    private let home: ScratchHome

    /// What the reader thread fills in; apart from `self`, so that dropping a terminal in a test
    /// (even one that failed) runs `deinit`, which kills a child still running.
    private final class SharedState: Sendable {
        let transcript = Mutex<[UInt8]>([])
        let exitStatus = Mutex<Int32?>(nil)
        /// Each resize: the transcript's length when it happened, and the new width.
        let resizes = Mutex<[(mark: Int, columns: Int)]>([])
        /// Notified on new output and on exit.
        let changes = ChangeSignal()
    }

    /// Starts `executable` with a controlling terminal of the given size, `home` as its home and XDG
    /// folders (a fresh one by default), and `environment` on top.
    init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:],
        home: ScratchHome = ScratchHome(), columns: UInt16 = 100, rows: UInt16 = 30
    ) throws {
        self.home = home
        // Glibc's module leaves out posix_openpt/ptsname, so speak to the Linux pty driver directly.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, Self.setPtyLock, &unlock) == 0, ioctl(master, Self.getPtyNumber, &number) == 0
        else { throw Failure.system("opening /dev/ptmx") }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        initialColumns = Int(columns)
        let slavePath = "/dev/pts/\(number)"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The child is a new session leader; opening the terminal makes it the controlling one.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // Nothing else of the test process goes with it: a scripted server's connection held open
        // by a chat that lives for the rest of its test would never be seen to close.
        closeDescriptors(from: 3, in: &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(
            &attributes, Int16(Self.spawnSetSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment["TERM"] = "xterm-256color"
        fullEnvironment.removeValue(forKey: "NO_COLOR")
        for (key, value) in home.environment.merging(environment, uniquingKeysWith: { $1 }) {
            fullEnvironment[key] = value
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = fullEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            errno = result
            throw Failure.system("posix_spawn \(executable)")
        }
        self.pid = pid
        self.master = master
        startReading()
    }

    private func startReading() {
        let master = self.master
        let pid = self.pid
        let shared = self.shared
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count > 0 {
                    shared.transcript.withLock { $0.append(contentsOf: buffer[0..<count]) }
                    shared.changes.notify()
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break  // EIO once the child has closed the terminal
                }
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            shared.exitStatus.withLock { $0 = code }
            shared.changes.notify()
        }
        thread.start()
    }

    /// Everything the program has written so far, escape sequences included.
    var output: String { String(decoding: shared.transcript.withLock { $0 }, as: UTF8.self) }

    /// The bytes the terminal has received so far, exactly.
    var rawOutput: [UInt8] { shared.transcript.withLock { $0 } }

    /// What a person would read: the output with escape sequences and carriage returns removed.
    var visibleText: String { TerminalText.visible(output) }

    /// How many bytes have arrived so far; a mark to search from.
    var mark: Int { shared.transcript.withLock { $0.count } }

    /// Output that arrived after `mark`, made visible.
    func visibleText(since mark: Int) -> String {
        let bytes = shared.transcript.withLock { Array($0[min(mark, $0.count)...]) }
        return TerminalText.visible(String(decoding: bytes, as: UTF8.self))
    }

    /// The bytes that arrived after `mark`, as the terminal received them (escapes included).
    func rawText(since mark: Int) -> String {
        let bytes = shared.transcript.withLock { Array($0[min(mark, $0.count)...]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Resizes the window as a person dragging its edge would: the kernel tells the program with
    /// SIGWINCH, and `screen` reflows what it shows from this point of the output on.
    func resize(columns: UInt16, rows: UInt16 = 30) {
        shared.transcript.withLock { transcript in
            var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &size)
            shared.resizes.withLock { $0.append((transcript.count, Int(columns))) }
        }
    }

    /// What the window shows now: the output drawn by a small terminal emulator (`TerminalScreen`),
    /// with the resizes applied where they happened.
    var screen: TerminalScreen {
        let (bytes, resizes) = shared.transcript.withLock { transcript in
            (transcript, shared.resizes.withLock { $0 })
        }
        var screen = TerminalScreen(columns: initialColumns)
        var start = 0
        for resize in resizes {
            screen.feed(String(decoding: bytes[start..<resize.mark], as: UTF8.self))
            screen.resize(columns: resize.columns)
            start = resize.mark
        }
        screen.feed(String(decoding: bytes[start...], as: UTF8.self))
        return screen
    }

    /// Waits until `condition` holds for what the window shows; returns the screen's lines then.
    @discardableResult
    func waitForScreen(
        _ what: String, timeout: Duration = .seconds(90), _ condition: ([String]) -> Bool
    ) async throws -> [String] {
        var lines: [String] = []
        let found = await waitUntil(timeout: timeout) {
            lines = screen.lines
            return condition(lines)
        }
        guard found else { throw Failure.timeout(waitingFor: what, screen: lines.joined(separator: "\n")) }
        return lines
    }

    /// Types text as keystrokes.
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { if errno == EINTR { continue } else { return } }
            offset += written
        }
    }

    /// Sends a control key, e.g. `control("c")` for Ctrl-C.
    func control(_ letter: Character) {
        guard let ascii = letter.asciiValue else { return }
        send(String(UnicodeScalar(ascii & 0x1f)))
    }

    /// Waits until `text` is visible after `mark` (default: anywhere); returns the visible text since the mark.
    @discardableResult
    func waitFor(_ text: String, since mark: Int = 0, timeout: Duration = .seconds(90)) async throws -> String {
        var visible = ""
        let found = await waitUntil(timeout: timeout) {
            visible = visibleText(since: mark)
            return visible.contains(text)
        }
        guard found else { throw Failure.timeout(waitingFor: "\"\(text)\"", screen: visibleText(since: mark)) }
        return visible
    }

    /// Waits until the raw output after `mark` (escape sequences included) contains `text`: for a
    /// key echoed by a redraw that moves the cursor around, which `visibleText` cannot follow.
    func waitForRawOutput(_ text: String, since mark: Int, timeout: Duration = .seconds(90)) async throws {
        let found = await waitUntil(timeout: timeout) {
            let bytes = shared.transcript.withLock { Array($0[min(mark, $0.count)...]) }
            return String(decoding: bytes, as: UTF8.self).contains(text)
        }
        guard found else { throw Failure.timeout(waitingFor: "\"\(text)\" in the raw output", screen: visibleText(since: mark)) }
    }

    /// Waits until the program is at its prompt (the output ends with `prompt`), as a person waits
    /// before typing. (Keys pressed while an answer prints are held for the next prompt; the tests
    /// of that type ahead on purpose.)
    func waitForPrompt(_ prompt: String = ">>> ", timeout: Duration = .seconds(90)) async throws {
        guard await waitUntil(timeout: timeout, { visibleText.hasSuffix(prompt) }) else {
            throw Failure.timeout(waitingFor: "the prompt \"\(prompt)\" at the end", screen: visibleText)
        }
    }

    /// Checks `condition` now and after each change of the output or exit status.
    private func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        await shared.changes.waitUntil(timeout: timeout, condition)
    }

    /// Leaves a chat with Ctrl-D at its prompt and returns the exit code.
    func quitWithCtrlD() async throws -> Int32 {
        try await waitForPrompt()
        control("d")
        return try await waitForExit()
    }

    /// Waits for the program to exit and returns its exit code (128+N for signal N).
    func waitForExit(timeout: Duration = .seconds(90)) async throws -> Int32 {
        guard await waitUntil(timeout: timeout, { exitCode != nil }), let code = exitCode else {
            throw Failure.timeout(waitingFor: "exit", screen: visibleText)
        }
        return code
    }

    /// The exit code, if the program has exited.
    var exitCode: Int32? { shared.exitStatus.withLock { $0 } }

    func signal(_ signal: Int32) { kill(pid, signal) }

    deinit {
        if shared.exitStatus.withLock({ $0 }) == nil { kill(pid, SIGKILL) }
        close(master)
    }
}

/// Turns raw terminal output into the text a person sees (roughly: escapes dropped, CR handled per line).
enum TerminalText {
    static func visible(_ raw: String) -> String {
        var result = ""
        var scalars = raw.unicodeScalars.makeIterator()
        var line = ""
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}":
                guard let next = scalars.next() else { break }
                if next == "[" {
                    // CSI: parameters until a final byte in @…~
                    while let byte = scalars.next(), !(0x40...0x7E).contains(byte.value) {}
                } else if next == "]" {
                    // OSC: until BEL or ST
                    while let byte = scalars.next(), byte != "\u{07}", byte != "\u{1B}" {}
                }
            case "\r":
                continue
            case "\n":
                result += line + "\n"
                line = ""
            case "\u{07}", "\u{08}":
                if scalar == "\u{08}", !line.isEmpty { line.removeLast() }
            default:
                line.unicodeScalars.append(scalar)
            }
        }
        return result + line
    }
}

/// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), which Swift's Glibc module does not
/// declare; without it, each descriptor open now is closed one by one.
private func closeDescriptors(from lowest: Int32, in actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, lowest)
        return
    }
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for descriptor in open.compactMap(Int32.init) where descriptor >= lowest {
        posix_spawn_file_actions_addclose(&actions, descriptor)
    }
}
