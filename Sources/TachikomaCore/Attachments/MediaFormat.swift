/// A kind of picture or sound a model can be sent, told by the file's first bytes, never by its name.
public enum MediaFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case jpeg
    case png
    case webp
    case wav

    /// The media type a data URL and the store use, e.g. `image/png`.
    public var mediaType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        case .wav: return "audio/wav"
        }
    }

    /// The format a media type names; nil for any other.
    public init?(mediaType: String) {
        guard let format = Self.allCases.first(where: { $0.mediaType == mediaType.lowercased() }) else { return nil }
        self = format
    }

    /// What a model needs to take this format: `.vision` for pictures, `.audio` for sound.
    public var capability: ModelCapabilities { self == .wav ? .audio : .vision }

    /// "image" or "audio", as a transcript and a user's message name it.
    public var noun: String { self == .wav ? "audio" : "image" }

    /// The file name endings (lowercased, without the dot) that claim this format.
    public var extensions: [String] {
        switch self {
        case .jpeg: return ["jpg", "jpeg"]
        case .png: return ["png"]
        case .webp: return ["webp"]
        case .wav: return ["wav"]
        }
    }

    /// The format a file name's ending claims (any case); nil for any other name.
    public init?(claimedBy name: String) {
        guard let dot = name.lastIndex(of: "."), !name[name.index(after: dot)...].contains("/") else { return nil }
        let ending = name[name.index(after: dot)...].lowercased()
        guard let format = Self.allCases.first(where: { $0.extensions.contains(ending) }) else { return nil }
        self = format
    }

    /// The endings claiming a format that a model with `capabilities` takes.
    public static func extensions(for capabilities: ModelCapabilities) -> Set<String> {
        Set(allCases.filter { capabilities.contains($0.capability) }.flatMap(\.extensions))
    }

    /// How many leading bytes `sniff` looks at.
    public static let sniffLength = 12

    /// The format the leading bytes say (JPEG's SOI marker, PNG's signature, RIFF `WEBP` or `WAVE`);
    /// nil when they say none of these.
    public static func sniff(_ bytes: some Collection<UInt8>) -> MediaFormat? {
        let head = Array(bytes.prefix(sniffLength))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)) {
            let form = Array(head[8..<12])
            if form == Array("WEBP".utf8) { return .webp }
            if form == Array("WAVE".utf8) { return .wav }
        }
        return nil
    }
}
