/// The vectors the scripted server gives: made up, but the same for the same model and text, of
/// the model's `embeddingLength`, and normalised as Ollama normalises them (to length 1, again
/// after `dimensions` cuts them).
enum ScriptedEmbedding {
    /// How many tokens `text` counts as: a quarter of its UTF-8 bytes, at least 1.
    static func tokenCount(_ text: String) -> Int {
        max(1, (text.utf8.count + 3) / 4)
    }

    /// The text the model reads of `text`: its first `context` tokens' worth of bytes, cut on a
    /// character boundary.
    static func truncated(_ text: String, toTokens context: Int) -> String {
        guard tokenCount(text) > context else { return text }
        var kept = ""
        var bytes = 0
        for character in text {
            bytes += character.utf8.count
            if bytes > context * 4 { break }
            kept.append(character)
        }
        return kept
    }

    /// The vector of `text` for `model`, cut to `dimensions` when that is above 0 and shorter.
    static func vector(model: ScriptedModel, text: String, dimensions: Int) -> [Float] {
        let length = model.embeddingLength ?? 384
        // FNV-1a over the model and the text, then xorshift64*: deterministic, spread out.
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(model.name.utf8) + [0] + Array(text.utf8) {
            state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        if state == 0 { state = 1 }
        var values: [Float] = []
        values.reserveCapacity(length)
        for _ in 0..<length {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            let random = (state &* 0x2545_f491_4f6c_dd1d) >> 40
            values.append(Float(random) / Float(1 << 24) * 2 - 1)
        }
        values = normalized(values)
        if dimensions > 0, dimensions < values.count { values = normalized(Array(values.prefix(dimensions))) }
        return values
    }

    /// `values` scaled to length 1, in 32-bit floats as Ollama computes it.
    private static func normalized(_ values: [Float]) -> [Float] {
        let norm = values.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return values }
        return values.map { $0 / norm }
    }
}
