import Foundation

extension AttachmentKind {
    /// One word for the kind, as the store and an exported archive keep it: a media type
    /// (`image/png`), `file`, `command` or `page`.
    public var storedName: String {
        switch self {
        case .media(let format): return format.mediaType
        case .text(.file): return "file"
        case .text(.command): return "command"
        case .text(.page): return "page"
        }
    }

    /// The kind `storedName` names; a command's exit status is kept beside it. nil for a word this
    /// version does not know.
    public init?(storedName: String, exitStatus: Int32?) {
        switch storedName {
        case "file": self = .text(.file)
        case "command": self = .text(.command(exitStatus: exitStatus ?? 0))
        case "page": self = .text(.page)
        default:
            guard let format = MediaFormat(mediaType: storedName) else { return nil }
            self = .media(format)
        }
    }

    /// A command's exit status; nil for every other kind.
    public var exitStatus: Int32? {
        if case .text(.command(let status)) = self { return status }
        return nil
    }
}

extension Attachment: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, kind, exitStatus, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let word = try container.decode(String.self, forKey: .kind)
        guard let kind = AttachmentKind(storedName: word, exitStatus: try container.decodeIfPresent(Int32.self, forKey: .exitStatus))
        else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown attachment kind \"\(word)\"")
        }
        self.kind = kind
        guard let data = Data(base64Encoded: try container.decode(String.self, forKey: .data)) else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: container, debugDescription: "attachment data is not base64")
        }
        bytes = Array(data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind.storedName, forKey: .kind)
        try container.encodeIfPresent(kind.exitStatus, forKey: .exitStatus)
        try container.encode(base64, forKey: .data)
    }
}
