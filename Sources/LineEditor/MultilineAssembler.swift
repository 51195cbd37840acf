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
    private(set) var isCollecting = false
    private var lines: [String] = []

    /// Takes one line (or one submitted edit buffer). A `literal` line, such as a pasted block,
    /// never opens a block, so pasted code starting with `"""` arrives untouched.
    mutating func accept(_ line: String, literal: Bool = false) -> Step {
        if isCollecting {
            if line.hasSuffix(Self.delimiter) {
                let before = String(line.dropLast(Self.delimiter.count))
                if !before.isEmpty { lines.append(before) }
                return .message(finish())
            }
            lines.append(line)
            return .needsMore
        }
        if literal { return .message(line) }
        guard line.hasPrefix(Self.delimiter) else { return .complete(line) }
        let rest = String(line.dropFirst(Self.delimiter.count))
        if rest.hasSuffix(Self.delimiter) {
            return .message(String(rest.dropLast(Self.delimiter.count)))
        }
        isCollecting = true
        lines = rest.isEmpty ? [] : [rest]
        return .needsMore
    }

    /// Input ended inside a block: the text gathered so far, or `nil` when no block is open.
    mutating func finishAtEndOfInput() -> String? {
        isCollecting ? finish() : nil
    }

    /// Drops an open block (after Ctrl-C).
    mutating func reset() {
        isCollecting = false
        lines = []
    }

    private mutating func finish() -> String {
        let text = lines.joined(separator: "\n")
        reset()
        return text
    }
}
