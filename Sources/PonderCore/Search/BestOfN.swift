/// Best-of-N: N sampled solutions, every step scored by the context's verifier (all steps of a solution in
/// one request), or in outcome mode each whole solution scored once, one answer selected by a rule.
public struct BestOfN: SearchStrategy {
    /// The number of samples, N.
    public let budget: Int
    /// Sampling knobs (the paper: temperature 0.7, top-p 1).
    public let parameters: SamplingParameters
    /// Chooses the answer from the scored candidates.
    public let selection: SelectionRule
    /// Whether the verifier scores steps or whole solutions.
    public let mode: VerifierMode

    /// Stops sampling once the leader is settled; the budget N is then a maximum. Weighted rules weigh each
    /// sample's vote by its path score under ``selection``'s aggregation (or its outcome score).
    public let stopping: StoppingRule?

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when `n < 1` or a parameter is invalid.
    public init(
        n: Int,
        parameters: SamplingParameters = SamplingParameters(),
        selection: SelectionRule = .lastVote,
        mode: VerifierMode = .step,
        stopping: StoppingRule? = nil
    ) throws {
        guard n >= 1 else { throw PonderError.invalidParameter("n", "\(n)", expected: "at least 1") }
        self.budget = n
        self.parameters = try parameters.validated()
        self.selection = selection
        self.mode = mode
        self.stopping = stopping
    }

    public var name: String { "best-of-n" }
    public var parallelWidth: Int { budget }
    public var usesVerifier: Bool { true }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let started = ContinuousClock.now
        let problem = try problem.validated()
        var policy = PolicyMeter(context.policy)
        var verifier = VerifierMeter(context.verifier)
        let sampler = IndependentSampler(count: budget, parameters: parameters)
        let reporter = sampler.reporter(strategy: name, in: context)
        let assembler = ResultAssembler(strategy: name, budget: budget, rule: selection, mode: mode)
        if stopping != nil || context.streamsSamples {
            let stream = try await sampler.stream(
                problem, in: context, rule: stopping,
                scoring: .init(mode: mode, aggregation: selection.aggregation), reporter: reporter)
            reporter.enter(.done)
            return assembler.assemble(
                problem: problem, entries: stream.entries, grader: context.grader, policy: stream.policy,
                verifier: stream.verifier, started: started, ruleStop: stream.ruleStop,
                voters: stream.voters)
        }
        let output = try await sampler.sample(problem, in: context, meter: &policy, reporter: reporter)
        reporter.enter(.scoring)
        let entries: [ResultAssembler.Entry]
        switch mode {
        case .step:
            let scores = try await verifier.scoreSteps(
                output.solutions.map { StepScoringRequest(problem: problem, steps: $0.steps, firstStep: 0) })
            entries = ResultAssembler.entries(output, stepScores: scores.map(\.scores))
        case .outcome:
            entries = try await ResultAssembler.scoringOutcomes(
                ResultAssembler.entries(output), problem: problem, verifier: &verifier)
        }
        reporter.enter(.done)
        return assembler.assemble(
            problem: problem, entries: entries, grader: context.grader, policy: policy.compute,
            verifier: verifier.compute, started: started)
    }
}
