/// How much one message may carry (config `max_attachment_bytes`): pictures and sounds together,
/// and attached text together. Kept small enough that a request stays a request: every later
/// request sends the conversation's attachments again.
public struct AttachmentLimits: Sendable, Hashable {
    /// Bytes of pictures and sounds in one message; 20 MB by default.
    public var mediaBytes: Int
    /// Bytes of attached text (files, folders, output, pages) in one message; 1 MB by default.
    public var textBytes: Int

    public static let standard = AttachmentLimits(mediaBytes: 20_000_000, textBytes: 1_000_000)

    public init(mediaBytes: Int, textBytes: Int) {
        self.mediaBytes = mediaBytes
        self.textBytes = textBytes
    }

    /// Whether `attachments` fit together; the first that does not, and why, otherwise.
    public func check(_ attachments: [Attachment]) -> AttachmentError? {
        var media = 0
        var text = 0
        for attachment in attachments {
            if attachment.mediaFormat != nil {
                media += attachment.bytes.count
                if media > mediaBytes {
                    return .tooLarge(name: attachment.name, bytes: attachment.bytes.count, limit: mediaBytes, what: "pictures and sounds")
                }
            } else {
                text += attachment.bytes.count
                if text > textBytes {
                    return .tooLarge(name: attachment.name, bytes: attachment.bytes.count, limit: textBytes, what: "attached text")
                }
            }
        }
        return nil
    }
}

/// Why something could not be attached: each says which item, and what to do.
public enum AttachmentError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    /// The name says a picture or sound, the first bytes say otherwise.
    case notWhatItsNameSays(path: String, claimed: MediaFormat)
    case binary(path: String)
    /// Over the limit for one message, on its own or with what came before it.
    case tooLarge(name: String, bytes: Int, limit: Int, what: String)
    /// A folder with no text file to take.
    case nothingUsable(folder: String, skipped: String)
    case commandFailed(command: String, reason: String)
    case urlFailed(url: String, reason: String)
    case notAWebAddress(String)
    /// A picture or sound for a model the server says cannot take it.
    case modelLacks(model: String, capability: String, name: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "Cannot attach \(path): no such file or folder."
        case .unreadable(let path, let reason):
            return "Cannot attach \(path): \(reason)."
        case .notWhatItsNameSays(let path, let claimed):
            return claimed == .wav
                ? "Cannot attach \(path): its name says WAV, but it is not a WAV sound."
                : "Cannot attach \(path): its name says \(claimed.rawValue.uppercased()), but it is not a JPEG, PNG or WebP picture."
        case .binary(let path):
            return "Cannot attach \(path): it is a binary file; text files and JPEG, PNG or WebP pictures can be attached."
        case .tooLarge(let name, let bytes, let limit, let what):
            return "Cannot attach \(name) (\(HumanReadable.bytes(Int64(bytes)))): one message takes at most "
                + "\(HumanReadable.bytes(Int64(limit))) of \(what) (max_attachment_bytes in the config)."
        case .nothingUsable(let folder, let skipped):
            return "Cannot attach \(folder): it has no text file to take (\(skipped))."
        case .commandFailed(let command, let reason):
            return "Cannot attach the output of \(command): \(reason)."
        case .urlFailed(let url, let reason):
            return "Cannot attach \(url): \(reason)."
        case .notAWebAddress(let text):
            return "Cannot attach \(text): only http:// and https:// addresses can be fetched."
        case .modelLacks(let model, let capability, let name):
            return "Cannot send \(name): \(model) cannot take it (the server does not list the '\(capability)' capability for it)."
        }
    }
}
