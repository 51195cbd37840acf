import TachikomaCore
import TerminalText

extension BranchCommands {
    /// The commands that take back, redo and switch between branches of the conversation.
    static let slashCommands: [SlashCommand] = [
        SlashCommand(
            name: "retry", aliases: ["regenerate"],
            summary: "Answer the last message again, keeping the earlier answer as a branch",
            help: """
                /retry asks the model again for the last message (after Ctrl-C or an error too: it
                resends it). The earlier answer is kept as a branch: /branches lists it, /branch N
                goes back to it.
                """,
            action: { context, _ in await BranchCommands.retry(in: context) }),
        SlashCommand(
            name: "undo", arguments: .optional("N"),
            summary: "Take back the last exchange, or the last N",
            help: """
                /undo takes back your last message and everything that answered it (tool calls and
                results too): the next request no longer carries them. /undo N takes back N. Nothing is
                deleted: what was taken back stays as a branch (/branches, /branch N).
                """,
            action: { context, command in BranchCommands.undo(command, in: context) }),
        SlashCommand(
            name: "edit", arguments: .optional("N"),
            summary: "Change your last message (or message N) and send it again",
            help: """
                /edit puts your last message back at the prompt, ready to change; Enter sends it and the
                conversation goes on from there. /edit N does the same for your message N, as /history
                numbers them. What followed the old message stays as a branch. Ctrl-C or an empty line
                leaves everything as it was.
                """,
            action: { context, command in await BranchCommands.edit(command, in: context) }),
        SlashCommand(
            name: "continue",
            summary: "Continue the last answer where it was cut short",
            help: """
                /continue asks the model to go on with the last answer when it stopped early (Ctrl-C, a
                dropped connection, or the length limit): what comes back is added to the same answer.
                """,
            action: { context, _ in await BranchCommands.continueAnswer(in: context) }),
        SlashCommand(
            name: "branches",
            summary: "List the conversation's branches",
            help: """
                /branches lists every branch of this conversation, one a line: its number, where it leaves
                the branch it came from, how many messages it has and its last message of yours. The
                current one is marked. /undo, /edit and /retry make branches; /branch N continues one.
                """,
            action: { context, _ in BranchCommands.branches(in: context) }),
        SlashCommand(
            name: "branch", arguments: .required("N"),
            summary: "Continue branch N (see /branches)",
            help: "/branch N makes branch N the conversation: the next message follows its last one.",
            action: { context, command in BranchCommands.branch(command, in: context) }),
    ]
}

/// `/retry`, `/undo`, `/edit`, `/continue`, `/branches` and `/branch`.
enum BranchCommands {
    static func retry(in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let conversation = context.conversation
        guard let lastUser = conversation.userEntryIndices.last else {
            screen.say("Nothing to retry: send a message first.")
            return .continue
        }
        // The answer (and tool messages) after the message stay in the tree as a sibling branch.
        if lastUser != conversation.tree.path.count - 1 { context.record(.headMoved(to: conversation.tree.path[lastUser])) }
        guard await context.makeRoom(for: nil) else { return .continue }
        await context.answers.generateAnswer()
        return .continue
    }

    static func undo(_ command: ParsedCommand, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        var count = 1
        if let word = command.arguments.first {
            guard command.arguments.count == 1, let number = Int(word), number >= 1 else {
                screen.say("Usage: /undo [N], where N is how many of your messages to take back (1 or more).")
                return .continue
            }
            count = number
        }
        let conversation = context.conversation
        let users = conversation.userEntryIndices
        guard !users.isEmpty else {
            screen.say("Nothing to undo: the conversation has no message of yours yet.")
            return .continue
        }
        let taken = min(count, users.count)
        let firstTaken = users[users.count - taken]
        let oldHead = conversation.tree.head
        let messages = conversation.tree.path.count - firstTaken
        context.record(.headMoved(to: firstTaken == 0 ? nil : conversation.tree.path[firstTaken - 1]))
        let branch = oldHead.flatMap { context.conversation.tree.branches.branch(containing: Int64($0))?.number }
        let fewer = taken < count ? " (there were only \(taken))" : ""
        let where_ = branch.map { "; they stay on branch \($0) (/branch \($0) goes back)" } ?? ""
        screen.say("Took back \(Screen.count(taken, "exchange"))\(fewer), \(Screen.count(messages, "message"))\(where_).")
        return .continue
    }

    static func edit(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let conversation = context.conversation
        let users = conversation.userEntryIndices
        guard !users.isEmpty else {
            screen.say("Nothing to edit: the conversation has no message of yours yet.")
            return .continue
        }
        var number = users.count
        if let word = command.arguments.first {
            guard command.arguments.count == 1, let given = Int(word), (1...users.count).contains(given) else {
                screen.say(
                    "There is no message \(TerminalSanitizer.clean(command.argumentText)) to edit: yours are numbered 1 to \(users.count) (/history shows them).")
                return .continue
            }
            number = given
        }
        let position = users[number - 1]
        let original = conversation.entries[position].message
        // What was typed comes back; what was attached stays attached.
        context.prompt.prefill(original.typedText)
        // Several lines come back as a """ block, open at its last line.
        let send = original.typedText.contains("\n") ? "a \"\"\" line ends it and sends it" : "Enter sends it"
        screen.sayNote("Editing message \(number): \(send); Ctrl-C or an empty line leaves the conversation as it was.")
        let edited: String
        switch await context.prompt.read(">>> ", continuationPrompt: "... ") {
        case .input(.text(let text)), .input(.message(let text)):
            edited = text
        case .input(.interrupted), .input(.endOfFile):
            screen.say("Not edited; nothing changed.")
            return .continue
        case .terminated:
            return .continue
        }
        guard !edited.trimmingWhitespace().isEmpty else {
            screen.say("Not edited; nothing changed.")
            return .continue
        }
        context.history.record(edited)
        context.record(.headMoved(to: position == 0 ? nil : conversation.tree.path[position - 1]))
        let message: Message = original.attachments.isEmpty ? .user(edited, images: original.images) : .user(edited, attachments: original.attachments)
        guard await context.makeRoom(for: message) else { return .continue }
        context.record(.userMessage(message))
        await context.answers.generateAnswer()
        return .continue
    }

    /// `/continue`.
    static func continueAnswer(in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        guard let answer = context.conversation.lastAnswer else {
            screen.say("Nothing to continue: the conversation does not end with an answer.")
            return .continue
        }
        guard answer.isInterrupted || answer.reachedLengthLimit == true, answer.message.toolCalls.isEmpty else {
            screen.say("The last answer is complete: there is nothing to continue. /retry asks again.")
            return .continue
        }
        guard await context.makeRoom(for: nil) else { return .continue }
        await context.answers.generateAnswer(continuing: answer)
        return .continue
    }

    static func branches(in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        let tree = context.conversation.tree
        guard !tree.nodes.isEmpty else {
            screen.say("No branches yet: the conversation starts with your first message.")
            return .continue
        }
        let rows = BranchListing.rows(tree.branches, head: tree.head.map(Int64.init)) { node in
            tree.nodes.indices.contains(Int(node)) ? tree.nodes[Int(node)].message : nil
        }
        screen.say(BranchListing.lines(rows, width: screen.columns()).map(TerminalSanitizer.clean).joined(separator: "\n"))
        return .continue
    }

    static func branch(_ command: ParsedCommand, in context: CommandContext) -> CommandOutcome {
        let screen = context.screen
        let branches = context.conversation.tree.branches
        guard command.arguments.count == 1, let number = Int(command.arguments[0]) else {
            screen.say("Usage: /branch N, where N is a branch's number from /branches (1 to \(max(branches.count, 1))).")
            return .continue
        }
        guard let branch = branches.branch(number), let leaf = branch.leaf else {
            let range = branches.count > 1 ? "1 to \(branches.count)" : "only 1"
            screen.say("There is no branch \(number): /branches lists \(range).")
            return .continue
        }
        context.record(.headMoved(to: Int(leaf)))
        screen.say("On branch \(number): \(Screen.count(branch.path.count, "message")). The next message follows its last one.")
        return .continue
    }
}
