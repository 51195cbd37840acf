import TachikomaCore

/// "Did you mean …?": the closest known word to a mistyped one.
enum Suggestions {
    /// The candidate nearest to `word`: one it starts, or one within a small edit distance
    /// (transpositions count as one edit). Nil when nothing is close enough to be a likely typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard !word.isEmpty else { return nil }
        let prefixed = candidates.filter { $0.hasPrefix(word) }
        if let shortest = prefixed.min(by: { $0.count < $1.count }) { return shortest }
        let allowed = word.count <= 3 ? 1 : 2
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = EditDistance.between(word, candidate)
            if distance <= allowed, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }
}
