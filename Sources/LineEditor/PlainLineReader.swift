#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads messages from a stream that is not a terminal: plain lines, no prompt, no escape codes,
/// `"""` blocks still honoured.
struct PlainLineReader {
    /// Returns the next chunk of input, or `nil` at its end.
    typealias ChunkSource = () -> [UInt8]?

    private let nextChunk: ChunkSource
    private var buffer: [UInt8] = []
    private var offset = 0
    private var finished = false

    init(nextChunk: @escaping ChunkSource) {
        self.nextChunk = nextChunk
    }

    /// A reader of a file descriptor (standard input by default).
    static func reading(descriptor: Int32 = STDIN_FILENO) -> PlainLineReader {
        PlainLineReader {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 { return Array(chunk[..<count]) }
                if count < 0, errno == EINTR { continue }
                return nil
            }
        }
    }

    /// The next message, or `.endOfFile`. Input ending inside a `"""` block yields what it held.
    mutating func readInput() -> LineInput {
        var assembler = MultilineAssembler()
        while let line = nextLine() {
            switch assembler.accept(line) {
            case .complete(let line): return .text(line)
            case .message(let message): return .message(message)
            case .needsMore: continue
            }
        }
        switch assembler.finishAtEndOfInput() {
        case .complete(let line): return .text(line)
        case .message(let message): return .message(message)
        case .needsMore, nil: return .endOfFile
        }
    }

    /// The next line without its line break (LF or CRLF); the last line may lack one.
    mutating func nextLine() -> String? {
        var line: [UInt8] = []
        while true {
            if offset == buffer.count {
                guard !finished, let chunk = nextChunk(), !chunk.isEmpty else {
                    finished = true
                    return line.isEmpty ? nil : Self.text(line)
                }
                buffer = chunk
                offset = 0
            }
            if let newline = buffer[offset...].firstIndex(of: UInt8(ascii: "\n")) {
                line.append(contentsOf: buffer[offset..<newline])
                offset = newline + 1
                return Self.text(line)
            }
            line.append(contentsOf: buffer[offset...])
            offset = buffer.count
        }
    }

    private static func text(_ bytes: [UInt8]) -> String {
        let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes[...]
        return String(decoding: trimmed, as: UTF8.self)
    }
}
