/// The config file's attachment keys: `max_attachment_bytes` and `vision_models` (top level, and
/// per server in `servers`).
extension ConfigReader {
    /// The largest value `max_attachment_bytes` takes: 2 GB, far past what a server would take.
    static let attachmentByteLimit = NumericLimit(whole: 1...2_000_000_000, unit: "bytes")

    /// `max_attachment_bytes`: a number (the same limit for pictures and for text), or
    /// `{"images": N, "text": N}` (either may be left out and keeps its default).
    func attachmentLimits(_ key: String, _ value: JSONValue) throws(ConfigError) -> AttachmentLimits {
        var limits = AttachmentLimits.standard
        switch value {
        case .number:
            let bytes = try integer(key, value, Self.attachmentByteLimit)
            limits = AttachmentLimits(mediaBytes: bytes, textBytes: bytes)
        case .object(let members):
            for name in members.keys.sorted() {
                let bytes = try integer(key + "." + name, members[name] ?? .null, Self.attachmentByteLimit)
                switch name {
                case "images": limits.mediaBytes = bytes
                case "text": limits.textBytes = bytes
                default:
                    throw ConfigError.unknownKey(path: file, key: key + "." + name, known: [key + ".images", key + ".text"])
                }
            }
        default:
            throw wrong(key, "a number of bytes, or {\"images\": BYTES, \"text\": BYTES}")
        }
        return limits
    }

    /// `vision_models`: the names of models that can see, for a server that does not say.
    func modelNames(_ key: String, _ value: JSONValue) throws(ConfigError) -> [String] {
        guard case .array(let items) = value else { throw wrong(key, "a list of model names, e.g. [\"llava:7b\"]") }
        var names: [String] = []
        for item in items {
            guard case .string(let name) = item, !name.isEmpty else {
                throw wrong(key, "a list of model names (non-empty strings), e.g. [\"llava:7b\"]")
            }
            names.append(name)
        }
        return names
    }
}
