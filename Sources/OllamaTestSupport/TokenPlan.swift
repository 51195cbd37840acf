/// The tokens an answer is made of: thinking tokens first, then content tokens, without materialising
/// a benchmark's 200 000 repeated tokens.
struct TokenPlan {
    private enum Content {
        case list([String])
        case repeated(String, Int)
    }

    let thinking: [String]
    private let content: Content

    init(reply: ScriptedReply, thinking: Bool, echoed: String) {
        self.thinking = thinking ? reply.thinking : []
        switch reply.content {
        case .echo: content = .list(WordTokens.split("You said: " + echoed))
        case .tokens(let tokens): content = .list(tokens)
        case .repeated(let token, let count): content = .repeated(token, max(0, count))
        }
    }

    var contentCount: Int {
        switch content {
        case .list(let tokens): return tokens.count
        case .repeated(_, let count): return count
        }
    }

    var count: Int { thinking.count + contentCount }

    /// The token at `index` and whether it is a thinking token.
    func token(at index: Int) -> (text: String, isThinking: Bool) {
        if index < thinking.count { return (thinking[index], true) }
        switch content {
        case .list(let tokens): return (tokens[index - thinking.count], false)
        case .repeated(let token, _): return (token, false)
        }
    }

    /// For `.repeated`, the one token every content position holds (lets the encoder escape it once).
    var repeatedToken: String? {
        if case .repeated(let token, _) = content { return token }
        return nil
    }
}
