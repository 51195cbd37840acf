import Foundation

/// Where an attached text came from, which decides how it is headed in the message and in a transcript.
public enum TextOrigin: Sendable, Hashable {
    /// A text file (alone, or one of a folder's).
    case file
    /// What a shell command printed, and how it ended: its exit status.
    case command(exitStatus: Int32)
    /// A web page, as readable text.
    case page
}

/// What one attachment is.
public enum AttachmentKind: Sendable, Hashable {
    /// A picture or a sound, sent as bytes beside the message's text.
    case media(MediaFormat)
    /// Text put into the message as a fenced block headed by the attachment's name.
    case text(TextOrigin)
}

/// A file, a picture, a command's output or a page that goes with one user message. It stays with
/// that message: every later request carries it again, as Ollama's own client does, and the store
/// keeps its bytes once, by digest, whatever message it came with.
public struct Attachment: Sendable, Hashable {
    /// As the person named it: the path as typed, a folder's file relative to the folder,
    /// `!COMMAND`, or the URL.
    public var name: String
    public var kind: AttachmentKind
    /// The file's bytes; for text, UTF-8.
    public var bytes: [UInt8]

    public init(name: String, kind: AttachmentKind, bytes: [UInt8]) {
        self.name = name
        self.kind = kind
        self.bytes = bytes
    }

    /// The picture or sound's format; nil for text.
    public var mediaFormat: MediaFormat? {
        if case .media(let format) = kind { return format }
        return nil
    }

    /// The text, for a text attachment; nil for media.
    public var text: String? {
        guard case .text = kind else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The SHA-256 of the bytes in hex: the store's key.
    public var digest: String { SHA256Digest.hex(of: bytes) }

    /// The bytes in base64, as Ollama's `images` and a data URL carry them.
    public var base64: String { Data(bytes).base64EncodedString() }

    /// How many lines the text has (a last line without a newline counts); 0 for media.
    public var lineCount: Int {
        guard case .text = kind, !bytes.isEmpty else { return 0 }
        let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return bytes.last == 0x0A ? newlines : newlines + 1
    }

    /// The last path component of a file's name (`cat.png` for `~/Pictures/cat.png`); commands and
    /// pages keep their whole name.
    public var shortName: String {
        switch kind {
        case .media, .text(.file):
            let trimmed = name.hasSuffix("/") ? String(name.dropLast()) : name
            return trimmed.split(separator: "/").last.map(String.init) ?? name
        case .text(.command), .text(.page):
            return name
        }
    }

    /// How a transcript shows the attachment in place: `[image cat.png · 184 KB]`,
    /// `[file notes.txt · 3 lines]`, `[output of !ls · 2 lines · exit 0]`, `[page https://… · 40 lines]`.
    public var label: String {
        let lines = "\(lineCount) line" + (lineCount == 1 ? "" : "s")
        switch kind {
        case .media(let format):
            return "[\(format.noun) \(shortName) · \(HumanReadable.bytes(Int64(bytes.count)))]"
        case .text(.file):
            return "[file \(shortName) · \(lines)]"
        case .text(.command(let status)):
            return "[output of \(name) · \(lines) · exit \(status)]"
        case .text(.page):
            return "[page \(name) · \(lines)]"
        }
    }

    /// The text as it goes into the message: headed by its name, in a fence longer than any run of
    /// backticks inside, so the text cannot close it. nil for media.
    public var block: String? {
        guard let text else { return nil }
        let heading: String
        switch kind {
        case .text(.command(let status)): heading = "Output of `\(name.dropFirst())` (exit status \(status)):"
        case .text(.page): heading = "Page \(name):"
        default: heading = "File \(name):"
        }
        let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(in: text) + 1))
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return heading + "\n" + fence + "\n" + body + fence
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}

extension Message {
    /// A user message with attachments: the text files' blocks follow `text` (so every backend, the
    /// context count and search see them), the pictures and sounds go in `images` in order.
    public static func user(_ text: String, attachments: [Attachment]) -> Message {
        let blocks = attachments.compactMap(\.block)
        let content = ([text] + blocks).filter { !$0.isEmpty }.joined(separator: "\n\n")
        var message = Message(role: .user, content: content, images: attachments.filter { $0.mediaFormat != nil }.map(\.base64))
        message.attachments = attachments
        return message
    }

    /// This message with `attachments` as what was attached (as read back from a store or an
    /// archive): its pictures and sounds become `images` again, in order.
    public func restoring(_ attachments: [Attachment]) -> Message {
        var message = self
        message.attachments = attachments
        message.images = attachments.filter { $0.mediaFormat != nil }.map(\.base64)
        return message
    }

    /// The content without the text attachments' blocks: what the person typed (what `/edit` puts
    /// back on the line).
    public var typedText: String {
        var typed = content
        for block in attachments.compactMap(\.block) {
            guard let range = typed.range(of: block, options: .backwards) else { continue }
            typed.removeSubrange(range)
        }
        return typed.trimmingWhitespace()
    }

    /// What a transcript shows: what was typed, then a label for each attachment in order
    /// (`[file notes.txt · 3 lines] [image cat.png · 184 KB]`) in place of the blocks and pictures.
    public var contentWithLabels: String {
        guard !attachments.isEmpty else { return content }
        let labels = attachments.map(\.label).joined(separator: " ")
        let typed = typedText
        return typed.isEmpty ? labels : typed + "\n" + labels
    }
}
