/// Diverse Verifier Tree Search (DVTS): N/M independent subtrees, each a beam search with one beam and
/// M samples per step.
///
/// The subtrees run in lock step so the policy batches their samples. The result holds every subtree's
/// finished path, and the selection rule votes across them. See ``TreeSearch`` for the details.
public struct DiverseVerifierTreeSearch: SearchStrategy {
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

    public var name: String { "dvts" }
    public var budget: Int { setup.tree.budget }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        try await setup.run(
            name, subtrees: setup.tree.budget / setup.tree.beamWidth, beamsPerSubtree: 1, problem: problem, in: context)
    }
}
