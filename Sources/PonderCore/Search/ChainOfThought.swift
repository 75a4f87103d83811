/// Chain-of-thought: one greedy solution, the paper's baseline.
public struct ChainOfThought: SearchStrategy {
    /// Sampling knobs; the temperature is forced to 0.
    public let parameters: SamplingParameters

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` for invalid parameters.
    public init(parameters: SamplingParameters = .greedy) throws {
        var greedy = parameters
        greedy.temperature = 0
        self.parameters = try greedy.validated()
    }

    public var name: String { "cot" }
    public var budget: Int { 1 }
    public var parallelWidth: Int { 1 }
    public var usesVerifier: Bool { false }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let started = ContinuousClock.now
        var meter = PolicyMeter(context.policy)
        let sampler = IndependentSampler(count: 1, parameters: parameters)
        let reporter = sampler.reporter(strategy: name, in: context)
        if context.streamsSamples {
            let stream = try await sampler.stream(
                try problem.validated(), in: context, rule: nil, scoring: nil, reporter: reporter)
            reporter.enter(.done)
            return ResultAssembler(strategy: name, budget: 1, rule: .majority).assemble(
                problem: problem, entries: stream.entries, grader: context.grader, policy: stream.policy,
                verifier: nil, started: started)
        }
        let output = try await sampler.sample(try problem.validated(), in: context, meter: &meter, reporter: reporter)
        reporter.enter(.done)
        return ResultAssembler(strategy: name, budget: 1, rule: .majority).assemble(
            problem: problem, entries: ResultAssembler.entries(output), grader: context.grader,
            policy: meter.compute, verifier: nil, started: started)
    }
}
