/// What beam search and DVTS are made of: the tree knobs, sampling, the verifier and the selection rule,
/// validated together.
public struct TreeSearchSetup: Sendable {
    /// The tree knobs (N, M, depth cap, lookahead).
    public let tree: TreeSearchParameters
    /// Sampling knobs (the paper: temperature 0.7, top-p 1, 2048 tokens per step).
    public let parameters: SamplingParameters
    /// Scores each candidate step.
    public let verifier: any ProcessRewardModel
    /// Picks the answer among the finished paths.
    public let selection: SelectionRule

    /// Creates a setup.
    ///
    /// - Throws: ``PonderError`` when N is not a positive multiple of M, or a parameter is invalid.
    public init(
        tree: TreeSearchParameters,
        parameters: SamplingParameters,
        verifier: any ProcessRewardModel,
        selection: SelectionRule
    ) throws {
        self.tree = try tree.validated()
        self.parameters = try parameters.validated()
        self.verifier = verifier
        self.selection = selection
    }

    /// Runs the search with `subtrees` trees of `beamsPerSubtree` beams each.
    func run(
        _ name: String, subtrees: Int, beamsPerSubtree: Int, problem: Problem, in context: SearchContext
    ) async throws -> SearchResult {
        try await TreeSearch(
            name: name, subtrees: subtrees, beamsPerSubtree: beamsPerSubtree, tree: tree, sampling: parameters,
            verifier: verifier, selection: selection
        ).run(problem, budget: tree.budget, in: context)
    }
}
