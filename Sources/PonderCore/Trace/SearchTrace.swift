/// A search tree read back from `--trace` output: events checked to form a forest, ready to walk.
///
/// A trace file is user input, so nothing about it is trusted: every node id appears once, every parent
/// named is in the trace, and following parents from any node reaches a root (no node is its own ancestor).
/// Every walk over the tree is iterative, so a parent chain thousands deep cannot overflow the stack.
public struct SearchTrace: Sendable, Hashable {
    /// The events, in file order.
    public let events: [SearchTraceEvent]
    /// The 1-based line of each event in its file (`index + 1` for traces not read from a file).
    public let lines: [Int]
    /// The indices of the events without a parent, in file order.
    public let roots: [Int]
    /// The indices of each event's children, in file order.
    public let children: [[Int]]
    /// How the search ended (the chosen leaf, the vote table), when the trace records it.
    public let outcome: SearchTraceOutcome?

    /// Checks `events` and indexes the tree.
    ///
    /// - Parameters:
    ///   - events: the events.
    ///   - lines: each event's line in its file, for messages; `nil` numbers them from 1.
    ///   - outcome: how the search ended, if known.
    /// - Throws: ``PonderError`` for no events, a node id seen twice, a parent that is not in the trace, or
    ///   a cycle of parents; the message names the offending line.
    public init(events: [SearchTraceEvent], lines: [Int]? = nil, outcome: SearchTraceOutcome? = nil) throws {
        let lines = lines ?? events.indices.map { $0 + 1 }
        precondition(lines.count == events.count, "one line number per event")
        guard !events.isEmpty else { throw PonderError.emptyTrace() }
        var indexOfNode: [Int: Int] = [:]
        for (index, event) in events.enumerated() {
            if let first = indexOfNode[event.node] {
                throw PonderError.traceDuplicateNode(event.node, line: lines[index], firstLine: lines[first])
            }
            indexOfNode[event.node] = index
        }
        var parentIndex = [Int?](repeating: nil, count: events.count)
        var roots: [Int] = []
        var children = [[Int]](repeating: [], count: events.count)
        for (index, event) in events.enumerated() {
            guard let parent = event.parent else {
                roots.append(index)
                continue
            }
            guard let found = indexOfNode[parent] else {
                throw PonderError.traceUnknownParent(parent, node: event.node, line: lines[index])
            }
            parentIndex[index] = found
            children[found].append(index)
        }
        try Self.checkAcyclic(events, lines: lines, parentIndex: parentIndex)
        self.events = events
        self.lines = lines
        self.roots = roots
        self.children = children
        self.outcome = outcome
    }

    /// The indices of the events on the chosen path, from the root to the chosen leaf; empty when the trace
    /// records no choice or the chosen node is not in it.
    public var chosenPath: [Int] {
        guard let chosen = outcome?.chosen, let leaf = events.firstIndex(where: { $0.node == chosen }) else {
            return []
        }
        var parentOf: [Int: Int] = [:]
        for (index, kids) in children.enumerated() {
            for child in kids { parentOf[child] = index }
        }
        var path = [leaf]
        while let parent = parentOf[path[path.count - 1]] { path.append(parent) }
        return path.reversed()
    }

    /// Every event with its depth in the tree, parents before their children, siblings in file order: the
    /// order of an indented outline.
    public func depthFirst() -> [(event: SearchTraceEvent, depth: Int)] {
        var order: [(event: SearchTraceEvent, depth: Int)] = []
        order.reserveCapacity(events.count)
        var stack: [(index: Int, depth: Int)] = roots.reversed().map { ($0, 0) }
        while let top = stack.popLast() {
            order.append((events[top.index], top.depth))
            for child in children[top.index].reversed() { stack.append((child, top.depth + 1)) }
        }
        return order
    }

    /// Follows every node's parent chain once (colouring nodes as they are settled) and throws at the first
    /// chain that comes back to a node it already passed.
    private static func checkAcyclic(_ events: [SearchTraceEvent], lines: [Int], parentIndex: [Int?]) throws {
        enum Mark { case unvisited, onPath, settled }
        var marks = [Mark](repeating: .unvisited, count: events.count)
        for start in events.indices where marks[start] == .unvisited {
            var path: [Int] = []
            var current: Int? = start
            while let index = current, marks[index] != .settled {
                if marks[index] == .onPath {
                    // The chain came back to `index`: the nodes from it to the end of the path form the cycle.
                    let cycle = path[(path.lastIndex(of: index) ?? 0)...]
                    let first = cycle.min { lines[$0] < lines[$1] } ?? index
                    let rotated =
                        Array(cycle.drop(while: { $0 != first })) + Array(cycle.prefix(while: { $0 != first }))
                    throw PonderError.traceCycle(rotated.map { events[$0].node }, line: lines[first])
                }
                marks[index] = .onPath
                path.append(index)
                current = parentIndex[index]
            }
            for index in path { marks[index] = .settled }
        }
    }
}
