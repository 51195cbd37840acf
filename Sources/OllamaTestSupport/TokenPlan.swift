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

    init(reply: ScriptedReply, thinking: Bool, echoed: String) {
        self.thinking = thinking ? reply.thinking : []
        switch reply.content {
        case .echo: content = .list(WordTokens.split("You said: " + echoed))
        case .tokens(let tokens): content = .list(tokens)
        case .repeated(let token, let count): content = .cycled([token], max(0, count))
        case .cycled(let tokens, let count): content = tokens.isEmpty ? .list([]) : .cycled(tokens, max(0, count))
        }
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
