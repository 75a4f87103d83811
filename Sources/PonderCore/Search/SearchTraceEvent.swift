/// One node of a search tree when its fate is decided: a line of `--trace` output.
///
/// Node 0 is the prompt. Every other node is one sampled step; its parent is the node it continues.
public struct SearchTraceEvent: Sendable, Hashable, Codable {
    /// What happened to the node.
    public enum State: String, Sendable, Hashable, Codable {
        /// Kept, and its children were sampled.
        case expanded
        /// Kept as a finished solution.
        case finished
        /// Scored but not kept (particle filtering: not drawn when the population was resampled).
        case pruned
        /// Discarded before scoring (empty, duplicate of a sibling, cut by a token limit, or failed by the backend).
        case dropped
    }

    /// The node's id.
    public var node: Int
    /// The parent's id (`nil` for the root).
    public var parent: Int?
    /// The subtree (DVTS) or 0 (beam search); -1 for the root.
    public var subtree: Int
    /// The number of steps on the path to this node.
    public var depth: Int
    /// The step's text.
    public var step: String
    /// The step's token count.
    public var tokens: Int
    /// The verifier's score of the step (the candidate's value), if scored.
    public var score: Double?
    /// What happened to the node.
    public var state: State
    /// Why it was dropped (`empty`, `duplicate`, `truncated`, `failed`), or `resampled` for a particle pruned
    /// by resampling.
    public var reason: String?
    /// Seconds since the search started.
    public var seconds: Double

    /// Creates an event.
    public init(
        node: Int, parent: Int?, subtree: Int, depth: Int, step: String, tokens: Int, score: Double?,
        state: State, reason: String?, seconds: Double
    ) {
        self.node = node
        self.parent = parent
        self.subtree = subtree
        self.depth = depth
        self.step = step
        self.tokens = tokens
        self.score = score
        self.state = state
        self.reason = reason
        self.seconds = seconds
    }
}

/// Receives trace events as the search decides each node.
public typealias TraceHandler = @Sendable (SearchTraceEvent) -> Void
