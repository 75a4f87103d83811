/// Step-level beam search guided by a verifier (the paper's "beam search", budget N, beam width M).
///
/// Samples N first steps, keeps the N/M best by the verifier's score of the newest step, expands each
/// kept beam with M samples, and repeats; the beam shrinks as paths finish. The result holds the N/M
/// finished paths, and the selection rule picks the answer among them. See ``TreeSearch`` for the details
/// (dropped candidates, retries, lookahead, depth cap).
public struct BeamSearch: SearchStrategy {
    /// The tree knobs, sampling, verifier and selection rule.
    public let setup: TreeSearchSetup

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when N is not a positive multiple of M, or a parameter is invalid.
    public init(
        tree: TreeSearchParameters,
        parameters: SamplingParameters = SamplingParameters(),
        verifier: any ProcessRewardModel = SelfCertainty(),
        selection: SelectionRule = .lastVote
    ) throws {
        setup = try TreeSearchSetup(tree: tree, parameters: parameters, verifier: verifier, selection: selection)
    }

    public var name: String { "beam" }
    public var budget: Int { setup.tree.budget }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        try await setup.run(
            name, subtrees: 1, beamsPerSubtree: setup.tree.budget / setup.tree.beamWidth, problem: problem, in: context)
    }
}
