/// Best-of-N: N sampled solutions, each scored, one answer selected by a rule.
public struct BestOfN: SearchStrategy {
    /// The number of samples, N.
    public let budget: Int
    /// Sampling knobs (the paper: temperature 0.7, top-p 1).
    public let parameters: SamplingParameters
    /// Scores each finished solution.
    public let scorer: any SolutionScorer
    /// Chooses the answer from the scored candidates.
    public let selection: SelectionRule

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when `n < 1` or a parameter is invalid.
    public init(
        n: Int,
        parameters: SamplingParameters = SamplingParameters(),
        scorer: any SolutionScorer = MeanTokenProbabilityScorer(),
        selection: SelectionRule = .scoreMax
    ) throws {
        guard n >= 1 else { throw PonderError.invalidParameter("n", "\(n)", expected: "at least 1") }
        self.budget = n
        self.parameters = try parameters.validated()
        self.scorer = scorer
        self.selection = selection
    }

    public var name: String { "best-of-n" }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let start = ContinuousClock.now
        let output = try await IndependentSampler(count: budget, parameters: parameters)
            .sample(try problem.validated(), in: context)
        let scores = try await scorer.score(output.solutions, for: problem)
        return ResultAssembler(strategy: name, budget: budget, rule: selection).assemble(
            problem: problem, output: output, scores: scores, grader: context.grader,
            wallSeconds: (ContinuousClock.now - start).seconds)
    }
}
