/// How a traced search ended: the chosen leaf and the vote table, written by `ponder solve --trace` as the
/// trace's last line, `{"outcome": {…}}`. Traces written before it existed have none.
public struct SearchTraceOutcome: Sendable, Hashable, Codable {
    /// One group of finished paths with equivalent answers.
    public struct Vote: Sendable, Hashable, Codable {
        /// The group's answer.
        public var answer: String
        /// The trace nodes of the group's paths (their last steps).
        public var nodes: [Int]
        /// The group's score under the rule: its count (majority), best path score (max) or summed path
        /// scores (vote).
        public var score: Double
        /// Whether the group won.
        public var winner: Bool

        /// Creates a vote row.
        public init(answer: String, nodes: [Int], score: Double, winner: Bool) {
            self.answer = answer
            self.nodes = nodes
            self.score = score
            self.winner = winner
        }
    }

    /// One finished path: its last node, answer and the path score the rule aggregated from its step scores.
    public struct Path: Sendable, Hashable, Codable {
        /// The trace node of the path's last step.
        public var node: Int
        /// The extracted answer, if any.
        public var answer: String?
        /// The path score (the rule's aggregation of the step scores), if scored.
        public var score: Double?

        /// Creates a path row.
        public init(node: Int, answer: String?, score: Double?) {
            self.node = node
            self.answer = answer
            self.score = score
        }
    }

    /// The selection rule's name (`prm-last-vote`).
    public var rule: String
    /// How the rule aggregates a path's step scores into its path score (`last`, `min`, `prod`, `avg`).
    public var aggregation: String
    /// The winning answer, if any path had one.
    public var answer: String?
    /// The chosen leaf: the first path of the winning group (the solution shown), if any.
    public var chosen: Int?
    /// The finished paths, in the result's order.
    public var paths: [Path]
    /// The vote table, groups in order of their first path.
    public var votes: [Vote]

    /// Creates an outcome.
    public init(rule: String, aggregation: String, answer: String?, chosen: Int?, paths: [Path], votes: [Vote]) {
        self.rule = rule
        self.aggregation = aggregation
        self.answer = answer
        self.chosen = chosen
        self.paths = paths
        self.votes = votes
    }

    /// The outcome of a tree search's result; `nil` when its candidates carry no trace nodes.
    public init?(_ result: SearchResult) {
        let nodes = result.candidates.map(\.traceNode)
        guard !nodes.isEmpty, nodes.allSatisfy({ $0 != nil }) else { return nil }
        let node = { (index: Int) in nodes[index] ?? -1 }
        let votes = result.votes
        self.init(
            rule: votes.rule.name, aggregation: votes.rule.aggregation.rawValue, answer: votes.answer,
            chosen: votes.winner.flatMap { votes.groups[$0].members.first }.map(node),
            paths: result.candidates.map { Path(node: node($0.index), answer: $0.answer?.text, score: $0.score) },
            votes: votes.groups.enumerated().map { offset, group in
                Vote(
                    answer: group.answer, nodes: group.members.map(node), score: group.score,
                    winner: offset == votes.winner)
            })
    }

    /// The line's JSON shape: `{"outcome": {…}}`.
    public struct Line: Sendable, Hashable, Codable {
        /// The outcome.
        public var outcome: SearchTraceOutcome

        /// Wraps an outcome.
        public init(_ outcome: SearchTraceOutcome) {
            self.outcome = outcome
        }
    }
}
