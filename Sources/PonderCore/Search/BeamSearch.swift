/// Step-level beam search guided by a verifier (the paper's "beam search", budget N, beam width M).
///
/// Samples N first steps, keeps the N/M best by the verifier's score of the newest step, expands each
/// kept beam with M samples, and repeats; the beam shrinks as paths finish. The result holds the N/M
/// finished paths, and the selection rule picks the answer among them. See ``TreeSearch`` for the details
/// (dropped candidates, retries, lookahead, depth cap).
public struct BeamSearch: SearchStrategy {
    /// The tree knobs (N, M, depth cap, lookahead).
    public let tree: TreeSearchParameters
    /// Sampling knobs (the paper: temperature 0.7, top-p 1, 2048 tokens per step).
    public let parameters: SamplingParameters
    /// Scores each candidate step.
    public let verifier: any ProcessRewardModel
    /// Picks the answer among the finished paths.
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

    public var name: String { "beam" }
    public var budget: Int { tree.budget }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        try await TreeSearch(
            name: name, subtrees: 1, beamsPerSubtree: tree.budget / tree.beamWidth, tree: tree,
            sampling: parameters, verifier: verifier, selection: selection
        ).run(problem, budget: budget, in: context)
    }
}
