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

    /// The installed model whose name differs from `requested` only in letter case (`ALPHA` →
    /// `alpha:latest` on Ollama), or nil, matched by the server's own `naming`. A server will not
    /// pull a second model under such a name, so this is the one the user meant.
    static func caseVariant(of requested: String, among names: [String], naming: any ModelNaming) -> String? {
        let lowered = names.map { $0.lowercased() }
        guard let match = naming.match(requested.lowercased(), in: lowered),
            let index = lowered.firstIndex(of: match)
        else { return nil }
        return names[index]
    }
}
