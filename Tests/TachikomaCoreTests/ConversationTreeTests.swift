import Foundation
import Testing

@testable import TachikomaCore

@Suite struct ConversationTreeTests {
    /// user 0 → answer 1 → user 2 → answer 3, then back to 1 and a new user 4 → answer 5.
    static func forked() -> ConversationTree<String> {
        var tree = ConversationTree<String>()
        for text in ["u1", "a1", "u2", "a2"] { tree.append(text) }
        tree.moveHead(to: 1)
        tree.append("u2'")
        tree.append("a2'")
        return tree
    }

    @Test func appendingAfterAMovedHeadMakesASiblingAndKeepsTheOldBranch() {
        let tree = Self.forked()
        #expect(tree.nodes.count == 6)
        #expect(tree.branch == ["u1", "a1", "u2'", "a2'"])
        #expect(tree.parents == [nil, 0, 1, 2, 1, 4])
        #expect(tree.children(of: 1) == [2, 4])
    }

    @Test func branchesAreNumberedInTheOrderTheyWereMadeWithWhereTheyLeave() {
        let branches = Self.forked().branches
        #expect(branches.count == 2)
        #expect(branches.branch(1)?.path == [0, 1, 2, 3])
        #expect(branches.branch(1)?.parentBranch == nil)
        #expect(branches.branch(2)?.path == [0, 1, 4, 5])
        #expect(branches.branch(2)?.sharedCount == 2)
        #expect(branches.branch(2)?.parentBranch == 1)
        #expect(branches.branch(containing: 5)?.number == 2)
        #expect(branches.branch(containing: 1)?.number == 1, "a shared message is on the branch it began")
        #expect(branches.branch(3) == nil)
        #expect(branches.branch(0) == nil)
    }

    @Test func aNewBranchNeverRenumbersTheOldOnes() {
        var tree = Self.forked()
        let before = tree.branches.branches.map(\.path)
        tree.moveHead(to: 3)
        tree.append("u3")
        tree.moveHead(to: 0)
        tree.append("a1'")
        let after = tree.branches
        #expect(after.count == 3)
        // Branch 1 now ends at u3 (it grew); branch 2 is unchanged; the newest is 3.
        #expect(after.branch(1)?.path == before[0] + [6])
        #expect(after.branch(2)?.path == before[1])
        #expect(after.branch(3)?.path == [0, 7])
        #expect(after.branch(3)?.sharedCount == 1)
    }

    @Test func undoingEverythingLeavesAnEmptyBranchAndANewStartIsABranchOfItsOwn() {
        var tree = Self.forked()
        tree.moveHead(to: nil)
        #expect(tree.branch.isEmpty)
        tree.append("fresh")
        #expect(tree.branch == ["fresh"])
        let branches = tree.branches
        #expect(branches.count == 3)
        #expect(branches.branch(3)?.path == [6])
        #expect(branches.branch(3)?.parentBranch == nil)
        #expect(branches.branch(3)?.sharedCount == 0)
    }

    @Test func removingTheLastNodeGivesTheHeadBackToItsParent() {
        var tree = Self.forked()
        let removed = tree.removeHeadIfLast()
        #expect(removed)
        #expect(tree.branch == ["u1", "a1", "u2'"])
        tree.moveHead(to: 3)
        let removedAgain = tree.removeHeadIfLast()
        #expect(!removedAgain, "only the newest node, at the head, may go")
    }

    @Test func badParentsAndHeadsAreReadAsFirstMessagesAndAnEmptyBranch() {
        let tree = ConversationTree(nodes: ["a", "b", "c"], parents: [5, 0, 2], head: 9)
        #expect(tree.parents == [nil, 0, nil])
        #expect(tree.branch.isEmpty)
        #expect(tree.branches.count == 2)
    }

    @Test func aTreeRoundTripsThroughJSON() throws {
        let tree = Self.forked()
        let data = try JSONEncoder().encode(tree)
        #expect(try JSONDecoder().decode(ConversationTree<String>.self, from: data) == tree)
    }

    @Test func aTranscriptListsItsBranchesAndShowsTheCurrentOne() {
        let session = Session(id: SessionID(rawValue: 1), name: "s", createdAt: Date(timeIntervalSince1970: 0), lastUsedAt: Date(timeIntervalSince1970: 0))
        func message(_ id: Int64, _ parent: Int64?, _ message: Message) -> SessionEvent {
            .message(
                StoredMessage(
                    id: StoredMessageID(rawValue: id), sessionID: session.id, message: message,
                    createdAt: Date(timeIntervalSince1970: 0), parentID: parent.map(StoredMessageID.init(rawValue:))))
        }
        let transcript = SessionTranscript(
            session: session,
            timeline: [
                message(1, nil, .user("first")), message(2, 1, .assistant("one")), message(3, 2, .user("second")),
                message(4, 3, .assistant("two")), message(5, 2, .user("second, edited")), message(6, 5, .assistant("two'")),
            ],
            headID: StoredMessageID(rawValue: 4))
        #expect(transcript.messages.map(\.message.content) == ["first", "one", "second", "two"])
        #expect(transcript.allMessages.count == 6)
        let rows = BranchListing.rows(transcript)
        #expect(rows.map(\.current) == [true, false])
        #expect(rows.map(\.lastUserMessage) == ["second", "second, edited"])
        let lines = BranchListing.lines(rows, width: 80)
        #expect(lines == [
            "1  main line · 4 messages · \"second\"  ← current",
            "2  from branch 1 after message 2 · 4 messages · \"second, edited\"",
        ])
        let tree = BranchListing.tree(transcript, timeZone: TimeZone(identifier: "UTC")!)
        #expect(tree.contains("── branch 2: from branch 1 after message 2 ──\n\n[2] >>> second, edited"))
        #expect(TranscriptText.render(transcript).contains("branch 1 of 2 (--all shows every one)"))
    }
}
