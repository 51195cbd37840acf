/// Deterministic stand-ins for sha256 digests, so scripted models and layers get stable, realistic-looking ids.
enum FakeDigest {
    /// 64 lowercase hex characters derived from `text` (FNV-1a, four differently seeded rounds).
    static func hex(of text: String) -> String {
        var result = ""
        for round in 0..<4 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            let word = String(hash, radix: 16)
            result += String(repeating: "0", count: 16 - word.count) + word
        }
        return result
    }
}
