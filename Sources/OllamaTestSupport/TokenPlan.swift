/// The tokens an answer is made of: thinking tokens first, then content tokens, without materialising
/// a benchmark's 200 000 tokens.
struct TokenPlan {
    private enum Content {
        case list([String])
        /// `count` tokens cycling through a non-empty list.
        case cycled([String], Int)
    }

    let thinking: [String]
    private let content: Content

    /// `continuing`: the text of an assistant message the request ends with, which the model goes
    /// on from, as Ollama and llama-server do: of a listed answer, only what comes after that text
    /// is sent (all of it when the text is not the answer's beginning).
    init(reply: ScriptedReply, thinking: Bool, echoed: String, continuing: String? = nil) {
        self.thinking = thinking ? reply.thinking : []
        switch reply.content {
        case .echo: content = .list(Self.after(continuing, WordTokens.split("You said: " + echoed)))
        case .tokens(let tokens): content = .list(Self.after(continuing, tokens))
        case .repeated(let token, let count): content = .cycled([token], max(0, count))
        case .cycled(let tokens, let count): content = tokens.isEmpty ? .list([]) : .cycled(tokens, max(0, count))
        }
    }

    /// The tokens that follow `prefix` when the tokens begin with it; a token it ends inside is cut.
    static func after(_ prefix: String?, _ tokens: [String]) -> [String] {
        guard let prefix, !prefix.isEmpty else { return tokens }
        var written = ""
        for (index, token) in tokens.enumerated() {
            let next = written + token
            if next.count >= prefix.count {
                guard next.hasPrefix(prefix) else { return tokens }
                let rest = String(next.dropFirst(prefix.count))
                return (rest.isEmpty ? [] : [rest]) + tokens[(index + 1)...]
            }
            guard prefix.hasPrefix(next) else { return tokens }
            written = next
        }
        return tokens
    }

    var contentCount: Int {
        switch content {
        case .list(let tokens): return tokens.count
        case .cycled(_, let count): return count
        }
    }

    var count: Int { thinking.count + contentCount }

    /// The token at `index` and whether it is a thinking token.
    func token(at index: Int) -> (text: String, isThinking: Bool) {
        if index < thinking.count { return (thinking[index], true) }
        switch content {
        case .list(let tokens): return (tokens[index - thinking.count], false)
        case .cycled(let tokens, _): return (tokens[(index - thinking.count) % tokens.count], false)
        }
    }

    /// For repeated and cycled content, the tokens content position `i` takes in turn (`i % count`),
    /// so that the encoder escapes each of them once.
    var contentCycle: [String]? {
        if case .cycled(let tokens, _) = content { return tokens }
        return nil
    }
}
