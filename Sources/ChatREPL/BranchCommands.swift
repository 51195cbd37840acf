import TachikomaCore
import TerminalText

extension CommandTable {
    /// The commands that take back, redo and switch between branches of the conversation.
    static let branchCommands: [SlashCommand] = [
        SlashCommand(
            name: "retry", aliases: ["regenerate"],
            summary: "Answer the last message again, keeping the earlier answer as a branch",
            help: """
                /retry asks the model again for the last message (after Ctrl-C or an error too: it
                resends it). The earlier answer is kept as a branch: /branches lists it, /branch N
                goes back to it.
                """,
            action: { repl, _ in await repl.retryCommand() }),
        SlashCommand(
            name: "undo", arguments: .optional("N"),
            summary: "Take back the last exchange, or the last N",
            help: """
                /undo takes back your last message and everything that answered it (tool calls and
                results too): the next request no longer carries them. /undo N takes back N. Nothing is
                deleted: what was taken back stays as a branch (/branches, /branch N).
                """,
            action: { repl, command in repl.undoCommand(command) }),
        SlashCommand(
            name: "edit", arguments: .optional("N"),
            summary: "Change your last message (or message N) and send it again",
            help: """
                /edit puts your last message back at the prompt, ready to change; Enter sends it and the
                conversation goes on from there. /edit N does the same for your message N, as /history
                numbers them. What followed the old message stays as a branch. Ctrl-C or an empty line
                leaves everything as it was.
                """,
            action: { repl, command in await repl.editCommand(command) }),
        SlashCommand(
            name: "continue",
            summary: "Continue the last answer where it was cut short",
            help: """
                /continue asks the model to go on with the last answer when it stopped early (Ctrl-C, a
                dropped connection, or the length limit): what comes back is added to the same answer.
                """,
            action: { repl, _ in await repl.continueCommand() }),
        SlashCommand(
            name: "branches",
            summary: "List the conversation's branches",
            help: """
                /branches lists every branch of this conversation, one a line: its number, where it leaves
                the branch it came from, how many messages it has and its last message of yours. The
                current one is marked. /undo, /edit and /retry make branches; /branch N continues one.
                """,
            action: { repl, _ in repl.branchesCommand() }),
        SlashCommand(
            name: "branch", arguments: .required("N"),
            summary: "Continue branch N (see /branches)",
            help: "/branch N makes branch N the conversation: the next message follows its last one.",
            action: { repl, command in repl.branchCommand(command) }),
    ]
}

extension ChatREPL {
    func retryCommand() async -> CommandOutcome {
        let conversation = self.conversation
        guard let lastUser = conversation.userEntryIndices.last else {
            say("Nothing to retry: send a message first.")
            return .continue
        }
        // The answer (and tool messages) after the message stay in the tree as a sibling branch.
        if lastUser != conversation.tree.path.count - 1 { record(.headMoved(to: conversation.tree.path[lastUser])) }
        guard await makeRoom(for: nil) else { return .continue }
        await generateAnswer()
        return .continue
    }

    func undoCommand(_ command: ParsedCommand) -> CommandOutcome {
        var count = 1
        if let word = command.arguments.first {
            guard command.arguments.count == 1, let number = Int(word), number >= 1 else {
                say("Usage: /undo [N], where N is how many of your messages to take back (1 or more).")
                return .continue
            }
            count = number
        }
        let conversation = self.conversation
        let users = conversation.userEntryIndices
        guard !users.isEmpty else {
            say("Nothing to undo: the conversation has no message of yours yet.")
            return .continue
        }
        let taken = min(count, users.count)
        let firstTaken = users[users.count - taken]
        let oldHead = conversation.tree.head
        let messages = conversation.tree.path.count - firstTaken
        record(.headMoved(to: firstTaken == 0 ? nil : conversation.tree.path[firstTaken - 1]))
        let branch = oldHead.flatMap { self.conversation.tree.branches.branch(containing: Int64($0))?.number }
        let fewer = taken < count ? " (there were only \(taken))" : ""
        let where_ = branch.map { "; they stay on branch \($0) (/branch \($0) goes back)" } ?? ""
        say("Took back \(Self.count(taken, "exchange"))\(fewer), \(Self.count(messages, "message"))\(where_).")
        return .continue
    }

    func editCommand(_ command: ParsedCommand) async -> CommandOutcome {
        let conversation = self.conversation
        let users = conversation.userEntryIndices
        guard !users.isEmpty else {
            say("Nothing to edit: the conversation has no message of yours yet.")
            return .continue
        }
        var number = users.count
        if let word = command.arguments.first {
            guard command.arguments.count == 1, let given = Int(word), (1...users.count).contains(given) else {
                say(
                    "There is no message \(TerminalSanitizer.clean(command.argumentText)) to edit: yours are numbered 1 to \(users.count) (/history shows them).")
                return .continue
            }
            number = given
        }
        let position = users[number - 1]
        let original = conversation.entries[position].message
        input.prefillNextInput(original.content)
        sayNote("Editing message \(number): Enter sends it; Ctrl-C or an empty line leaves the conversation as it was.")
        let edited: String
        switch await reader.read(prompt: ">>> ", continuationPrompt: "... ") {
        case .input(.text(let text)), .input(.message(let text)):
            edited = text
        case .input(.interrupted), .input(.endOfFile):
            say("Not edited; nothing changed.")
            return .continue
        case .terminated(let signalNumber):
            interrupter.recordTermination(signalNumber)
            return .continue
        }
        guard !edited.trimmingWhitespace().isEmpty else {
            say("Not edited; nothing changed.")
            return .continue
        }
        recordInHistory(edited)
        record(.headMoved(to: position == 0 ? nil : conversation.tree.path[position - 1]))
        guard await makeRoom(for: .user(edited, images: original.images)) else { return .continue }
        record(.userMessage(.user(edited, images: original.images)))
        await generateAnswer()
        return .continue
    }

    func continueCommand() async -> CommandOutcome {
        guard let answer = conversation.lastAnswer else {
            say("Nothing to continue: the conversation does not end with an answer.")
            return .continue
        }
        guard answer.isInterrupted || answer.reachedLengthLimit == true, answer.message.toolCalls.isEmpty else {
            say("The last answer is complete: there is nothing to continue. /retry asks again.")
            return .continue
        }
        guard await makeRoom(for: nil) else { return .continue }
        await generateAnswer(continuing: answer)
        return .continue
    }

    func branchesCommand() -> CommandOutcome {
        let tree = conversation.tree
        guard !tree.nodes.isEmpty else {
            say("No branches yet: the conversation starts with your first message.")
            return .continue
        }
        let rows = BranchListing.rows(tree.branches, head: tree.head.map(Int64.init)) { node in
            tree.nodes.indices.contains(Int(node)) ? tree.nodes[Int(node)].message : nil
        }
        say(BranchListing.lines(rows, width: output.columns()).map(TerminalSanitizer.clean).joined(separator: "\n"))
        return .continue
    }

    func branchCommand(_ command: ParsedCommand) -> CommandOutcome {
        let branches = conversation.tree.branches
        guard command.arguments.count == 1, let number = Int(command.arguments[0]) else {
            say("Usage: /branch N, where N is a branch's number from /branches (1 to \(max(branches.count, 1))).")
            return .continue
        }
        guard let branch = branches.branch(number), let leaf = branch.leaf else {
            let range = branches.count > 1 ? "1 to \(branches.count)" : "only 1"
            say("There is no branch \(number): /branches lists \(range).")
            return .continue
        }
        record(.headMoved(to: Int(leaf)))
        say("On branch \(number): \(Self.count(branch.path.count, "message")). The next message follows its last one.")
        return .continue
    }
}
