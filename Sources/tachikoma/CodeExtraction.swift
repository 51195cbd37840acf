import TerminalText

/// `run --extract` and `--extract-last`: which of the answer's fenced code blocks are printed.
enum CodeExtraction {
    case all
    case last

    /// The blocks' contents, each ended by a newline; a failure (exit 1) when the answer has none.
    func text(of answer: String) throws(CommandFailure) -> String {
        let blocks = FencedCodeBlock.all(in: answer)
        guard let lastBlock = blocks.last else {
            throw CommandFailure(message: "the answer has no fenced code block to extract", exitCode: 1)
        }
        let chosen = self == .all ? blocks : [lastBlock]
        return chosen.map { $0.content + "\n" }.joined()
    }
}
