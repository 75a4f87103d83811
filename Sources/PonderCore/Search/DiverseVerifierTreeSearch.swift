/// Diverse Verifier Tree Search (DVTS): N/M independent subtrees, each a beam search with one beam and
/// M samples per step.
///
/// The subtrees run in lock step so the policy batches their samples. The result holds every subtree's
/// finished path, and the selection rule votes across them. See ``TreeSearch`` for the details.
public struct DiverseVerifierTreeSearch: SearchStrategy {
    /// The tree knobs (N, M, depth cap, lookahead).
    public let tree: TreeSearchParameters
    /// Sampling knobs (the paper: temperature 0.7, top-p 1, 2048 tokens per step).
    public let parameters: SamplingParameters
    /// Scores each candidate step.
    public let verifier: any ProcessRewardModel
    /// Picks the answer among the subtrees' paths.
    public let selection: SelectionRule

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when N is not a positive multiple of M, or a parameter is invalid.
    public init(
        tree: TreeSearchParameters,
        parameters: SamplingParameters = SamplingParameters(),
        verifier: any ProcessRewardModel = SelfCertainty(),
        selection: SelectionRule = .lastVote
    ) throws {
        self.tree = try tree.validated()
        self.parameters = try parameters.validated()
        self.verifier = verifier
        self.selection = selection
    }

    public var name: String { "dvts" }
    public var budget: Int { tree.budget }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        try await TreeSearch(
            name: name, subtrees: tree.budget / tree.beamWidth, beamsPerSubtree: 1, tree: tree,
            sampling: parameters, verifier: verifier, selection: selection
        ).run(problem, budget: budget, in: context)
    }
}
