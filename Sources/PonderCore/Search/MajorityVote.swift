/// Majority vote (self-consistency): N sampled solutions, the most frequent equivalent answer wins.
public struct MajorityVote: SearchStrategy {
    /// The number of samples, N.
    public let budget: Int
    /// Sampling knobs (the paper: temperature 0.7, top-p 1).
    public let parameters: SamplingParameters

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when `n < 1` or a parameter is invalid.
    public init(n: Int, parameters: SamplingParameters = SamplingParameters()) throws {
        guard n >= 1 else { throw PonderError.invalidParameter("n", "\(n)", expected: "at least 1") }
        self.budget = n
        self.parameters = try parameters.validated()
    }

    public var name: String { "majority" }
    public var parallelWidth: Int { budget }
    public var usesVerifier: Bool { false }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let started = ContinuousClock.now
        var meter = PolicyMeter(context.policy)
        let sampler = IndependentSampler(count: budget, parameters: parameters)
        let reporter = sampler.reporter(strategy: name, in: context)
        let output = try await sampler.sample(try problem.validated(), in: context, meter: &meter, reporter: reporter)
        reporter.enter(.done)
        return ResultAssembler(strategy: name, budget: budget, rule: .majority).assemble(
            problem: problem, entries: ResultAssembler.entries(output), grader: context.grader,
            policy: meter.compute, verifier: nil, started: started)
    }
}
