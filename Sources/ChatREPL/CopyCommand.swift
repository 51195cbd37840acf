import ChatEngine
import TachikomaCore
import TerminalText

/// `/copy`: the last answer, one of its code blocks, or answer N as `/history` numbers them, put on
/// the clipboard exactly as the model wrote it (Markdown included; a code block without its fences).
enum CopyCommand {
    /// What `/copy` was asked for.
    enum Selection: Hashable {
        /// The answer to the user's message N as `/history` numbers them; nil for the last answer.
        case answer(Int?)
        /// Code block N of the last answer (1 is the first); nil for its last block.
        case code(Int?)

        /// Parses the words after `/copy`; nil when they are not a selection.
        init?(_ words: [String]) {
            switch words.count {
            case 0: self = .answer(nil)
            case 1 where words[0].lowercased() == "code": self = .code(nil)
            case 1: guard let number = Int(words[0]), number > 0 else { return nil }
                self = .answer(number)
            case 2 where words[0].lowercased() == "code":
                guard let number = Int(words[1]), number > 0 else { return nil }
                self = .code(number)
            default: return nil
            }
        }
    }

    static let usage = "/copy copies the last answer, /copy code [N] its N-th code block (the last by default), /copy N the answer to your message N in /history"

    static let slashCommand = SlashCommand(
        name: "copy", arguments: .shown("[code [N] | N]"),
        summary: "Copy the last answer, one of its code blocks, or answer N to the clipboard",
        help: """
            /copy puts the last answer on the clipboard as the model wrote it (Markdown included).
            /copy code copies its last code block, /copy code N its N-th (numbered [N] above each
            block), without the fences. /copy N copies the answer to your message N, as /history
            numbers them. The terminal's clipboard sequence (OSC 52) is used, which works over SSH
            and in tmux with `set -g set-clipboard on`; set "copy_command" in the config (e.g.
            ["wl-copy"] or ["xclip", "-selection", "clipboard"]) to use a program instead.
            """,
        complete: { previous, prefix, _ in previous.isEmpty && "code".hasPrefix(prefix.lowercased()) ? ["code"] : [] },
        action: { context, command in await copy(command.arguments, in: context) })

    static func copy(_ words: [String], in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        guard let selection = Selection(words) else {
            screen.complain("/copy takes nothing, code, code N or N, not '\(words.joined(separator: " "))'. \(usage).")
            return .continue
        }
        switch resolve(selection, in: context.conversation) {
        case .failure(let problem):
            screen.say(problem.description)
        case .success(let (text, what)):
            do {
                try await context.clipboard.copy(text, to: screen.output)
                screen.say("Copied \(what) (\(describe(text))).")
            } catch {
                screen.complain(error.description)
            }
        }
        return .continue
    }

    /// The text selected and how to name it ("the last answer", "code block 2 of 3 (python)"), or
    /// the line saying why there is none.
    static func resolve(_ selection: Selection, in conversation: Conversation) -> Result<(String, String), CopyProblem> {
        let entries = conversation.entries
        let answered = answers(in: conversation)
        switch selection {
        case .answer(nil):
            guard let last = entries.last(where: { $0.message.role == .assistant && !$0.message.content.isEmpty }) else {
                return .failure(CopyProblem("Nothing to copy yet: there is no answer in this conversation."))
            }
            return .success((last.message.content, "the last answer"))
        case .answer(let number?):
            guard number <= answered.count else {
                let range = answered.isEmpty ? "none yet" : answered.count == 1 ? "1" : "1 to \(answered.count)"
                return .failure(CopyProblem("There is no message \(number): /history numbers your messages (\(range))."))
            }
            guard let answer = answered[number - 1] else {
                return .failure(CopyProblem("Your message \(number) has no answer with text to copy."))
            }
            return .success((answer, "answer \(number)"))
        case .code(let number):
            guard let last = entries.last(where: { $0.message.role == .assistant && !$0.message.content.isEmpty }) else {
                return .failure(CopyProblem("Nothing to copy yet: there is no answer in this conversation."))
            }
            let blocks = FencedCodeBlock.all(in: last.message.content)
            guard !blocks.isEmpty else { return .failure(CopyProblem("The last answer has no code block; /copy copies all of it.")) }
            let index = number ?? blocks.count
            guard index <= blocks.count else {
                let choices = blocks.count == 1 ? "/copy code 1" : "/copy code 1 to \(blocks.count)"
                return .failure(CopyProblem("The last answer has \(Screen.count(blocks.count, "code block")): \(choices)."))
            }
            let block = blocks[index - 1]
            let language = block.info.isEmpty ? "" : " (\(TerminalSanitizer.clean(block.info)))"
            return .success((block.content, "code block \(index) of \(blocks.count)\(language)"))
        }
    }

    /// For each of the user's messages on the branch, in order, the text of the last answer to it
    /// (nil when it has none with text).
    static func answers(in conversation: Conversation) -> [String?] {
        let entries = conversation.entries
        let users = conversation.userEntryIndices
        return users.enumerated().map { position, start in
            let end = position + 1 < users.count ? users[position + 1] : entries.count
            return entries[(start + 1)..<end].last { $0.message.role == .assistant && !$0.message.content.isEmpty }?.message.content
        }
    }

    /// "3 lines, 120 characters".
    static func describe(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        return Screen.count(lines, "line") + ", " + Screen.count(text.count, "character")
    }
}

/// Why `/copy` found nothing to copy, as the line to show.
struct CopyProblem: Error, Hashable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
