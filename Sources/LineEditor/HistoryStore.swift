#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// History kept in a file, one entry per line, written entry by entry so that a crash loses
/// nothing typed before it.
///
/// Entries are escaped so each stays on one line: `\` → `\\`, newline → `\n`, carriage return →
/// `\r`, tab → `\t`; everything else (UTF-8 included) is stored as is. Consecutive duplicates are
/// folded. The file may grow past `limit` while several sessions append to it; once it is well
/// past, it is rewritten with the newest `limit` entries.
struct HistoryStore {
    let path: String
    let limit: Int
    private var lastEntry: String?
    private var linesInFile = 0

    init(path: String, limit: Int) {
        self.path = path
        self.limit = max(limit, 0)
    }

    /// The line count past which the file is rewritten.
    var compactionThreshold: Int { limit + max(limit / 2, 16) }

    /// Reads the newest `limit` entries, oldest first. A missing file is an empty history; the
    /// file is not created until the first entry is added.
    mutating func load() throws(LineEditorError) -> [String] {
        guard let bytes = try readFile() else {
            lastEntry = nil
            linesInFile = 0
            return []
        }
        let parsed = Self.parse(bytes)
        let entries = Array(Self.foldingDuplicates(parsed.entries).suffix(limit))
        lastEntry = entries.last
        linesInFile = parsed.lineCount
        if linesInFile > compactionThreshold {
            try rewrite(entries)
        }
        return entries
    }

    /// Appends one entry to the file at once. Empty entries and repeats of the previous entry
    /// are skipped; returns whether the entry was written.
    @discardableResult
    mutating func append(_ entry: String) throws(LineEditorError) -> Bool {
        guard limit > 0, !entry.isEmpty, entry != lastEntry else { return false }
        try createParentDirectory()
        try write(Array((Self.encode(entry) + "\n").utf8), flags: O_WRONLY | O_APPEND | O_CREAT, to: path)
        lastEntry = entry
        linesInFile += 1
        if linesInFile > compactionThreshold {
            // Re-read so entries other sessions appended meanwhile survive the rewrite.
            let bytes = try readFile() ?? []
            let entries = Array(Self.foldingDuplicates(Self.parse(bytes).entries).suffix(limit))
            try rewrite(entries)
        }
        return true
    }

    // MARK: - Format

    static func encode(_ entry: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(entry.utf8.count)
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": encoded += "\\\\"
            case "\n": encoded += "\\n"
            case "\r": encoded += "\\r"
            case "\t": encoded += "\\t"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        return encoded
    }

    /// The inverse of `encode`; an unknown escape or a trailing backslash is kept literally.
    static func decode<Line: StringProtocol>(_ line: Line) -> String {
        var decoded = ""
        var escaping = false
        for scalar in line.unicodeScalars {
            if escaping {
                escaping = false
                switch scalar {
                case "\\": decoded += "\\"
                case "n": decoded += "\n"
                case "r": decoded += "\r"
                case "t": decoded += "\t"
                default:
                    decoded += "\\"
                    decoded.unicodeScalars.append(scalar)
                }
            } else if scalar == "\\" {
                escaping = true
            } else {
                decoded.unicodeScalars.append(scalar)
            }
        }
        if escaping { decoded += "\\" }
        return decoded
    }

    /// The entries in a history file's bytes and the number of lines they took.
    static func parse(_ bytes: [UInt8]) -> (entries: [String], lineCount: Int) {
        var entries: [String] = []
        var lineCount = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineCount += 1
            entries.append(decode(String(decoding: line, as: UTF8.self)))
        }
        return (entries, lineCount)
    }

    static func foldingDuplicates(_ entries: [String]) -> [String] {
        var folded: [String] = []
        folded.reserveCapacity(entries.count)
        for entry in entries where entry != folded.last {
            folded.append(entry)
        }
        return folded
    }

    // MARK: - Files

    private mutating func rewrite(_ entries: [String]) throws(LineEditorError) {
        let text = entries.map { Self.encode($0) + "\n" }.joined()
        let temporary = "\(path).tmp-\(getpid())"
        try write(Array(text.utf8), flags: O_WRONLY | O_CREAT | O_TRUNC, to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = Self.lastErrorMessage()
            unlink(temporary)
            throw .historyFile(path: path, reason: "could not replace it: \(reason)")
        }
        linesInFile = entries.count
    }

    private func write(_ bytes: [UInt8], flags: Int32, to file: String) throws(LineEditorError) {
        let descriptor = open(file, flags | Self.safeOpenFlags, mode_t(0o600))
        guard descriptor >= 0 else {
            throw .historyFile(path: file, reason: Self.openFailure("could not open it for writing"))
        }
        defer { close(descriptor) }
        let status = try Self.requireRegularFile(descriptor, path: file)
        // A file created before, or by another program, may be readable by others.
        if status.st_mode & 0o777 != 0o600 {
            fchmod(descriptor, 0o600)
        }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .historyFile(path: file, reason: "could not write to it: \(Self.lastErrorMessage())")
            }
            written += result
        }
        if flags & O_TRUNC != 0 {
            fsync(descriptor)
        }
    }

    /// The file's bytes, or `nil` when it does not exist.
    private func readFile() throws(LineEditorError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | Self.safeOpenFlags)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .historyFile(path: path, reason: Self.openFailure("could not open it"))
        }
        defer { close(descriptor) }
        try Self.requireRegularFile(descriptor, path: path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .historyFile(path: path, reason: "could not read it: \(Self.lastErrorMessage())")
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    /// Creates missing directories above the file, each private to the user (0700).
    private func createParentDirectory() throws(LineEditorError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        var partial = parent.hasPrefix("/") ? "" : "."
        for component in parent.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o700) != 0, errno != EEXIST {
                throw .historyFile(path: path, reason: "could not create directory \(partial): \(Self.lastErrorMessage())")
            }
        }
    }

    /// Never through a symbolic link at the last component (someone else's link could aim the writes
    /// anywhere the user may write), and never blocking on a FIFO put where the file should be.
    private static let safeOpenFlags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK

    @discardableResult
    private static func requireRegularFile(_ descriptor: Int32, path: String) throws(LineEditorError) -> stat {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .historyFile(path: path, reason: "could not examine it: \(lastErrorMessage())")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let kind = status.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file"
            throw .historyFile(path: path, reason: "it is \(kind)")
        }
        return status
    }

    /// `open`'s failure in words; ELOOP from O_NOFOLLOW means the path is a symbolic link.
    private static func openFailure(_ action: String) -> String {
        switch errno {
        case ELOOP: return "it is a symbolic link (not followed)"
        case EISDIR: return "it is a directory"
        default: return "\(action): \(lastErrorMessage())"
        }
    }

    private static func lastErrorMessage() -> String {
        String(cString: strerror(errno))
    }
}
