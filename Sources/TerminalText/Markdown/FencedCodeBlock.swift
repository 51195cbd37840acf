import Foundation

/// A fenced code block of an answer, as the model wrote it: what `/copy code` copies and
/// `run --extract` prints.
public struct FencedCodeBlock: Sendable, Hashable {
    /// The fence's info string (```` ```python ```` → `python`); empty when it has none.
    public var info: String
    /// The lines between the fences, less the fence's indentation, joined by newlines; no newline
    /// at the end.
    public var content: String

    public init(info: String, content: String) {
        self.info = info
        self.content = content
    }

    /// The fenced code blocks of a Markdown text, in order, found as the renderer finds them (and
    /// numbered alike: the first is the one the renderer labels `[1]`). A block left open runs to
    /// the end of the text.
    public static func all(in text: String) -> [FencedCodeBlock] {
        var blocks: [FencedCodeBlock] = []
        var open: (mark: UInt8, length: Int, indent: Int, info: String)?
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            if let fence = open {
                if MarkdownLineStart.closesFence(bytes, mark: fence.mark, length: fence.length, final: true) == true {
                    blocks.append(FencedCodeBlock(info: fence.info, content: lines.joined(separator: "\n")))
                    open = nil
                    lines = []
                } else {
                    var skip = 0
                    while skip < fence.indent, skip < bytes.count, bytes[skip] == 0x20 { skip += 1 }
                    lines.append(String(decoding: bytes[skip...], as: UTF8.self))
                }
            } else if case .fence(let mark, let length, let indent) = MarkdownLineStart.decide(bytes, final: true) {
                let info = String(decoding: bytes.drop { $0 == 0x20 || $0 == mark }, as: UTF8.self)
                open = (mark, length, indent, info.trimmingCharacters(in: .whitespaces))
            }
        }
        if let fence = open {
            // A stream that ended inside the block: a last empty line is the final newline, not code.
            if lines.last == "" { lines.removeLast() }
            blocks.append(FencedCodeBlock(info: fence.info, content: lines.joined(separator: "\n")))
        }
        return blocks
    }
}
