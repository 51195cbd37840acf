/// Gathers `"""` blocks from successive lines, the way `ollama run` does.
///
/// A line starting with `"""` opens a block; lines are gathered until one ends with `"""`.
/// Text after the opening quotes and before the closing quotes is kept; an opening or closing
/// line holding only the quotes adds no line of its own. `"""text"""` on one line is a block too.
/// A block, like a pasted line, is a message as it stands: it never runs a command.
struct MultilineAssembler: Sendable {
    /// What to do after a line.
    enum Step: Sendable, Equatable {
        /// A typed line is complete: a message, or a command when it starts with `/`.
        case complete(String)
        /// A block or a pasted line is complete: always a message, whatever it starts with.
        case message(String)
        /// Inside a block: read another line with the continuation prompt.
        case needsMore
    }

    static let delimiter = "\"\"\""

    /// Whether a block is open.
    var isCollecting: Bool { kind != nil }
    /// The lines an open block has gathered so far (a command block's first line is the command).
    var gatheredLines: [String] { lines }
    private enum BlockKind { case message, command }
    private var kind: BlockKind?
    private var lines: [String] = []

    /// Takes one line (or one submitted edit buffer). A `literal` line, such as a pasted block,
    /// never opens a block, so pasted code starting with `"""` arrives untouched.
    ///
    /// A typed command line with an unclosed `"""` (`/set system """`) opens a block that is the
    /// command's argument: the command comes back whole, quotes and line breaks included, for
    /// the command to read (as `ollama run` does for `/set system`).
    mutating func accept(_ line: String, literal: Bool = false) -> Step {
        switch kind {
        case .message:
            if line.hasSuffix(Self.delimiter) {
                let before = String(line.dropLast(Self.delimiter.count))
                if !before.isEmpty { lines.append(before) }
                return .message(finish())
            }
            lines.append(line)
            return .needsMore
        case .command:
            lines.append(line)
            return line.contains(Self.delimiter) ? .complete(finish()) : .needsMore
        case nil:
            break
        }
        if literal { return .message(line) }
        if Self.isCommand(line), Self.opensBlock(line) {
            kind = .command
            lines = [line]
            return .needsMore
        }
        guard line.hasPrefix(Self.delimiter) else { return .complete(line) }
        let rest = String(line.dropFirst(Self.delimiter.count))
        if rest.hasSuffix(Self.delimiter) {
            return .message(String(rest.dropLast(Self.delimiter.count)))
        }
        kind = .message
        lines = rest.isEmpty ? [] : [rest]
        return .needsMore
    }

    /// Input ended inside a block: what the block held (a message, or the command with what it
    /// gathered), or `nil` when no block is open.
    mutating func finishAtEndOfInput() -> Step? {
        switch kind {
        case .message: return .message(finish())
        case .command: return .complete(finish())
        case nil: return nil
        }
    }

    /// Drops an open block (after Ctrl-C).
    mutating func reset() {
        kind = nil
        lines = []
    }

    private mutating func finish() -> String {
        let text = lines.joined(separator: "\n")
        reset()
        return text
    }

    /// Whether `line` is a slash command (leading blanks aside).
    static func isCommand(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("/")
    }

    /// Whether `"""` occurs an odd number of times: a block opened and not closed on the line.
    private static func opensBlock(_ line: String) -> Bool {
        line.split(separator: delimiter, omittingEmptySubsequences: false).count % 2 == 0
    }
}
