/// The branches of a conversation tree, numbered the same way wherever they are shown (`/branches`,
/// `tachikoma branches`).
///
/// A tree's nodes are messages; each has the message before it as its parent. Every node that is not
/// the first child of its parent (nor the first root) starts a branch; from its start a branch follows
/// first children down to a leaf, so there is exactly one branch per leaf. Branch 1 is the main line
/// (the first root, then always the first child); the others are numbered in the order their first
/// message was written, so a new branch never renumbers an old one. Ids must grow with creation order,
/// as store ids and in-memory indices do.
public struct ConversationBranches: Sendable, Hashable {
    /// One branch: the whole path from the first message to its leaf.
    public struct Branch: Sendable, Hashable {
        /// 1-based.
        public var number: Int
        /// Node ids from the first message to the leaf.
        public var path: [Int64]
        /// How many messages it shares with the branch it leaves: it diverges after message
        /// `sharedCount` of that branch (0: it starts anew).
        public var sharedCount: Int
        /// The number of the branch it leaves; nil for the main line and for branches that start anew.
        public var parentBranch: Int?

        public var leaf: Int64? { path.last }
    }

    public private(set) var branches: [Branch] = []
    /// The branch each node belongs to (the branch it is on when following first children).
    private var branchOfNode: [Int64: Int] = [:]

    /// `nodes`: every node with its parent (nil for a first message); a parent that is not among
    /// the nodes counts as none.
    public init(nodes: [(id: Int64, parent: Int64?)]) {
        let ids = Set(nodes.map(\.id))
        var children: [Int64: [Int64]] = [:]
        var roots: [Int64] = []
        var parentOf: [Int64: Int64] = [:]
        for node in nodes.sorted(by: { $0.id < $1.id }) {
            if let parent = node.parent, ids.contains(parent), parent != node.id {
                children[parent, default: []].append(node.id)
                parentOf[node.id] = parent
            } else {
                roots.append(node.id)
            }
        }
        // Every root and every child but a first starts a branch. In id order the first root (the
        // smallest id of all) comes first, and a start comes after its parent's branch's start, so
        // that branch is walked before it.
        var starts = roots
        for list in children.values where list.count > 1 { starts += list.dropFirst() }
        starts.sort()
        var number: [Int64: Int] = [:]
        for (index, start) in starts.enumerated() { number[start] = index + 1 }
        for start in starts {
            guard let branchNumber = number[start] else { continue }
            var ancestors: [Int64] = []
            var cursor = parentOf[start]
            var seen: Set<Int64> = [start]
            while let node = cursor, seen.insert(node).inserted {
                ancestors.append(node)
                cursor = parentOf[node]
            }
            var path = Array(ancestors.reversed())
            path.append(start)
            branchOfNode[start] = branchNumber
            var node = start
            while let next = children[node]?.first {
                path.append(next)
                branchOfNode[next] = branchNumber
                node = next
            }
            let parentBranch = parentOf[start].flatMap { branchOfNode[$0] }
            branches.append(
                Branch(number: branchNumber, path: path, sharedCount: ancestors.count, parentBranch: parentBranch))
        }
        branches.sort { $0.number < $1.number }
    }

    /// The branch whose path holds `node`: the one a chat whose last message is `node` is on.
    public func branch(containing node: Int64?) -> Branch? {
        guard let node, let number = branchOfNode[node] else { return nil }
        return branches[number - 1]
    }

    /// Branch `number` (1-based), or nil when there is none.
    public func branch(_ number: Int) -> Branch? {
        branches.indices.contains(number - 1) ? branches[number - 1] : nil
    }

    public var count: Int { branches.count }
}
