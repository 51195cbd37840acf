/// Messages as a tree: each node follows its parent, and the current branch runs from a first
/// message to `head`. Nothing is ever removed but the last node added (an answer that brought
/// nothing); undo, edit and retry move the head, and what they leave stays as a branch.
///
/// A value. Nodes are numbered in the order they were added, which `ConversationBranches` needs.
/// The current branch is kept as a list, so reading it costs nothing; moving the head rebuilds it.
public struct ConversationTree<Element: Sendable & Hashable>: Sendable, Hashable {
    public private(set) var nodes: [Element] = []
    /// `parents[i]`: the index of node `i`'s parent; nil for a first message.
    public private(set) var parents: [Int?] = []
    /// The current branch's last node; nil when the branch is empty.
    public private(set) var head: Int?
    /// The current branch's node indices, from the first to `head`.
    public private(set) var path: [Int] = []

    public init() {}

    /// A tree of `nodes`, each with its parent's index, and the head; a parent that is not an
    /// earlier node makes a first message, a head that is not a node makes an empty branch.
    public init(nodes: [Element], parents: [Int?], head: Int?) {
        self.nodes = nodes
        self.parents = nodes.indices.map { index in
            guard index < parents.count, let parent = parents[index], parent >= 0, parent < index else { return nil }
            return parent
        }
        moveHead(to: head.flatMap { nodes.indices.contains($0) ? $0 : nil })
    }

    /// The current branch's elements, in order.
    public var branch: [Element] { path.map { nodes[$0] } }

    /// Adds `element` after the head and makes it the head. Returns its index.
    @discardableResult
    public mutating func append(_ element: Element) -> Int {
        nodes.append(element)
        parents.append(head)
        let index = nodes.count - 1
        head = index
        path.append(index)
        return index
    }

    /// Replaces node `index`'s element (an answer that grows as it streams or is continued).
    public mutating func update(_ index: Int, _ change: (inout Element) -> Void) {
        guard nodes.indices.contains(index) else { return }
        change(&nodes[index])
    }

    /// Makes `index` the head (nil: the branch is empty). Nothing is removed.
    public mutating func moveHead(to index: Int?) {
        guard let index, nodes.indices.contains(index) else {
            head = nil
            path = []
            return
        }
        var reversed: [Int] = []
        var cursor: Int? = index
        while let node = cursor {
            reversed.append(node)
            cursor = parents[node]
        }
        head = index
        path = reversed.reversed()
    }

    /// Removes the last node added when it is the head and has no children (an answer begun that
    /// brought nothing); the head goes back to its parent. Returns whether it was removed.
    @discardableResult
    public mutating func removeHeadIfLast() -> Bool {
        guard let head, head == nodes.count - 1 else { return false }
        nodes.removeLast()
        let parent = parents.removeLast()
        path.removeLast()
        self.head = parent
        return true
    }

    /// Empties the tree.
    public mutating func removeAll() {
        nodes = []
        parents = []
        head = nil
        path = []
    }

    /// The tree's branches, numbered as `/branches` shows them.
    public var branches: ConversationBranches {
        ConversationBranches(nodes: parents.enumerated().map { (Int64($0.offset), $0.element.map(Int64.init)) })
    }

    /// The children of `index` (nil: the first messages), oldest first.
    public func children(of index: Int?) -> [Int] {
        parents.indices.filter { parents[$0] == index }
    }
}

extension ConversationTree: Codable where Element: Codable {
    private enum CodingKeys: String, CodingKey { case nodes, parents, head }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            nodes: try container.decode([Element].self, forKey: .nodes),
            parents: try container.decode([Int?].self, forKey: .parents),
            head: try container.decodeIfPresent(Int.self, forKey: .head))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(parents, forKey: .parents)
        try container.encodeIfPresent(head, forKey: .head)
    }
}
