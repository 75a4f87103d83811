/// Where one search stands, over the whole search: what a progress display draws.
///
/// Strategies send a snapshot to ``SearchContext/progress`` whenever a policy call reports, and when the
/// search moves to another phase (scoring, the next depth). Times and token counts run from the start of
/// the search, never from the start of one policy call, so a display never goes backwards.
public struct SearchProgress: Sendable, Hashable {
    /// What the search is doing.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// The policy is generating.
        case sampling
        /// The verifier is scoring what was generated.
        case scoring
        /// The search has ended.
        case done
    }

    /// The policy call in flight: how many of its samples have ended.
    public struct Call: Sendable, Hashable {
        /// Samples the call asked for.
        public var requests: Int
        /// Samples that have ended (end of generation, step boundary or a limit).
        public var finished: Int
        /// Samples still generating.
        public var live: Int { max(requests - finished, 0) }

        /// Creates a call snapshot.
        public init(requests: Int, finished: Int) {
            self.requests = requests
            self.finished = finished
        }
    }

    /// A tree search's shape so far (beam search and DVTS).
    public struct Tree: Sendable, Hashable {
        /// The depth being sampled or scored (1 for the first steps).
        public var depth: Int
        /// The depth cap.
        public var maxDepth: Int
        /// Beams being expanded at this depth, over all subtrees.
        public var liveBeams: Int
        /// Paths kept as finished solutions so far.
        public var finishedPaths: Int
        /// Paths the search needs to finish (N/M for beam search; one per subtree for DVTS).
        public var targetPaths: Int
        /// Candidates scored but not kept, over all depths.
        public var pruned: Int
        /// Candidates discarded before scoring (empty, duplicate, truncated, failed), over all depths.
        public var dropped: Int

        /// Creates a tree snapshot.
        public init(
            depth: Int, maxDepth: Int, liveBeams: Int, finishedPaths: Int, targetPaths: Int, pruned: Int, dropped: Int
        ) {
            self.depth = depth
            self.maxDepth = maxDepth
            self.liveBeams = liveBeams
            self.finishedPaths = finishedPaths
            self.targetPaths = targetPaths
            self.pruned = pruned
            self.dropped = dropped
        }
    }

    /// The strategy's name (`majority`, `beam`).
    public var strategy: String
    /// The strategy's budget N.
    public var budget: Int
    /// What the search is doing.
    public var phase: Phase
    /// Seconds since the search started.
    public var elapsed: Double
    /// Policy tokens generated since the search started, finished and live samples alike.
    public var generatedTokens: Int
    /// The most policy tokens the search may generate (samples × tokens per solution), when it is known.
    public var tokenCap: Int?
    /// The policy call in flight, while sampling.
    public var call: Call?
    /// The tree's shape, for tree search.
    public var tree: Tree?

    /// Creates a snapshot.
    public init(
        strategy: String, budget: Int, phase: Phase, elapsed: Double, generatedTokens: Int, tokenCap: Int? = nil,
        call: Call? = nil, tree: Tree? = nil
    ) {
        self.strategy = strategy
        self.budget = budget
        self.phase = phase
        self.elapsed = elapsed
        self.generatedTokens = generatedTokens
        self.tokenCap = tokenCap
        self.call = call
        self.tree = tree
    }

    /// Policy tokens per second since the search started.
    public var tokensPerSecond: Double { elapsed > 0 ? Double(generatedTokens) / elapsed : 0 }
}

/// Receives search progress; called on the policy's own thread or the search's task, so it must return quickly.
public typealias SearchProgressHandler = @Sendable (SearchProgress) -> Void
