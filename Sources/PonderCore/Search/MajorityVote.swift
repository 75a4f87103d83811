/// Majority vote (self-consistency): N sampled solutions, the most frequent equivalent answer wins.
public struct MajorityVote: SearchStrategy {
    /// The number of samples, N.
    public let budget: Int
    /// Sampling knobs (the paper: temperature 0.7, top-p 1).
    public let parameters: SamplingParameters

    /// Stops sampling once the vote's leader is settled; the budget N is then a maximum.
    public let stopping: StoppingRule?

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when `n < 1`, a parameter is invalid, or the stopping rule is weighted
    ///   (majority vote has no verifier scores).
    public init(n: Int, parameters: SamplingParameters = SamplingParameters(), stopping: StoppingRule? = nil) throws {
        guard n >= 1 else { throw PonderError.invalidParameter("n", "\(n)", expected: "at least 1") }
        if let stopping, stopping.kind.isWeighted {
            throw PonderError.invalidParameter(
                "stopping rule", stopping.name,
                expected: "beta or dirichlet (majority vote has no verifier scores to weigh; use best-of-n)")
        }
        self.budget = n
        self.parameters = try parameters.validated()
        self.stopping = stopping
    }

    public var name: String { "majority" }
    public var parallelWidth: Int { budget }
    public var usesVerifier: Bool { false }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let started = ContinuousClock.now
        var meter = PolicyMeter(context.policy)
        let sampler = IndependentSampler(count: budget, parameters: parameters)
        let reporter = sampler.reporter(strategy: name, in: context)
        let assembler = ResultAssembler(strategy: name, budget: budget, rule: .majority)
        if stopping != nil || context.streamsSamples {
            let stream = try await sampler.stream(
                try problem.validated(), in: context, rule: stopping, scoring: nil, reporter: reporter)
            reporter.enter(.done)
            return assembler.assemble(
                problem: problem, entries: stream.entries, grader: context.grader, policy: stream.policy,
                verifier: nil, started: started, ruleStop: stream.ruleStop,
                voters: stream.voters)
        }
        let output = try await sampler.sample(try problem.validated(), in: context, meter: &meter, reporter: reporter)
        reporter.enter(.done)
        return assembler.assemble(
            problem: problem, entries: ResultAssembler.entries(output), grader: context.grader,
            policy: meter.compute, verifier: nil, started: started)
    }
}
