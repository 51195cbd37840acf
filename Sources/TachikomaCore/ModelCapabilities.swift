/// What one model can do, as its server says: the one description of a model's abilities that the
/// chat, `run` and `show` all read.
///
/// A server that does not say (many do not) gives no set at all (`ModelDetails.
/// capabilities` is nil), so that callers can tell "cannot" from "not known" and give the model the
/// benefit of the doubt.
public struct ModelCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Generates text from a prompt or a conversation.
    public static let completion = ModelCapabilities(rawValue: 1 << 0)
    /// Makes embeddings rather than text.
    public static let embedding = ModelCapabilities(rawValue: 1 << 1)
    /// Calls tools offered with a request.
    public static let tools = ModelCapabilities(rawValue: 1 << 2)
    /// Fills in the middle: completes between a prompt and a suffix. Kept so that `show` lists
    /// every capability a server names today.
    public static let insert = ModelCapabilities(rawValue: 1 << 3)
    /// Reads images attached to a message.
    public static let vision = ModelCapabilities(rawValue: 1 << 4)
    /// Hears audio attached to a message.
    public static let audio = ModelCapabilities(rawValue: 1 << 5)
    /// Thinks before it answers, and can be asked to (`think`).
    public static let thinking = ModelCapabilities(rawValue: 1 << 6)

    /// Each capability with the word servers and our output use for it, in the order lists show them.
    public static let words: [(capability: ModelCapabilities, word: String)] = [
        (.completion, "completion"), (.embedding, "embedding"), (.tools, "tools"), (.insert, "insert"),
        (.vision, "vision"), (.audio, "audio"), (.thinking, "thinking"),
    ]

    /// The set a server's list of words names (e.g. `["completion", "tools", "vision"]`). Words it
    /// does not know are left out: a newer server may name abilities this client has no use for.
    public static func parse(_ words: some Sequence<String>) -> ModelCapabilities {
        var capabilities: ModelCapabilities = []
        for word in words {
            if let known = Self.words.first(where: { $0.word == word }) { capabilities.insert(known.capability) }
        }
        return capabilities
    }

    /// Makes embeddings and cannot generate text: `run` embeds with it, the chat cannot use it.
    public var embedsOnly: Bool {
        contains(.embedding) && !contains(.completion)
    }

    /// The words for this set, in `words`' order: what `/show`, `tachikoma show` and its JSON print.
    public var names: [String] {
        Self.words.filter { contains($0.capability) }.map(\.word)
    }
}
