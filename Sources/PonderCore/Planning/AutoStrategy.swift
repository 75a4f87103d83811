/// `--strategy auto`: the compute-optimal planner at run time. A probe of k samples estimates the problem's
/// difficulty bin; the ``Planner`` picks the profile's configuration with the highest expected accuracy that
/// fits what is left of the budget; the probe's samples are reused (the first samples of majority vote or
/// Best-of-N drawn with the same knobs, or extra votes beside tree search's paths). A unanimous probe on a
/// problem that looks easy ends the search at once.
public struct AutoStrategy: SearchStrategy {
    /// The measurements the planner weighs.
    public let profile: PlannerProfile
    /// Where the profile came from, for messages and the plan.
    public let profileSource: String
    /// What one problem may spend.
    public let limits: PlanBudget
    /// The base seed of every sample.
    public let seed: UInt32
    /// Whether to use the profile on a policy it was not measured on.
    public let forceProfile: Bool
    /// The planner.
    public let planner: Planner

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` for a profile without configurations.
    public init(
        profile: PlannerProfile, profileSource: String, limits: PlanBudget, seed: UInt32 = 0,
        forceProfile: Bool = false, settleConfidence: Double = 0.8
    ) throws {
        guard !profile.configurations.isEmpty else {
            throw PonderError.invalidProfile(profileSource, "it has no measured configurations")
        }
        guard profile.probe.samples >= 0 else {
            throw PonderError.invalidProfile(profileSource, "a probe of \(profile.probe.samples) samples")
        }
        if let predictor = profile.predictor {
            let width = ProbeFeatures.names.count
            guard predictor.features == ProbeFeatures.names, predictor.means.count == width,
                predictor.scales.count == width, predictor.bins.count == predictor.biases.count,
                predictor.weights.count == predictor.bins.count, predictor.weights.allSatisfy({ $0.count == width })
            else {
                throw PonderError.invalidProfile(
                    profileSource, "its predictor reads other features than this build's probe measures")
            }
        }
        if let fixed = profile.fixedStrategy, !profile.configurations.contains(where: { $0.strategy == fixed }) {
            throw PonderError.invalidProfile(
                profileSource, "its rule takes \(fixed.rawValue), which the profile never measured")
        }
        self.profile = profile
        self.profileSource = profileSource
        self.limits = limits
        self.seed = seed
        self.forceProfile = forceProfile
        self.planner = Planner(profile: profile, settleConfidence: settleConfidence)
    }

    /// The strategy's name, as `--strategy` spells it.
    public static let name = "auto"

    public var name: String { Self.name }
    public var budget: Int { limits.generations }

    /// The probe's samples: k, never more than the budget.
    public var probeSamples: Int { min(profile.probe.samples, limits.generations) }

    /// The configurations that could fit the generation budget.
    var candidates: [PlannedConfiguration] {
        profile.configurations.filter { $0.budget <= limits.generations }
    }

    public var parallelWidth: Int {
        candidates.reduce(probeSamples) { width, configuration in
            max(width, (try? configuration.makeStrategy(seed: seed).parallelWidth) ?? configuration.budget)
        }
    }

    public var usesVerifier: Bool { candidates.contains { $0.strategy.usesVerifier } }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let started = ContinuousClock.now
        let problem = try problem.validated()
        let descriptor = context.policy.descriptor
        guard forceProfile || profile.policy.matches(descriptor) else {
            throw PonderError.profileMismatch(
                profileSource, measured: "\(profile.policy.name) (\(profile.policy.parameterCount) parameters)",
                running: "\(descriptor.name) (\(descriptor.parameterCount) parameters)")
        }
        var policy = PolicyMeter(context.policy)
        var verifier = VerifierMeter(context.verifier)
        var probeSampling = profile.probe.sampling
        probeSampling.seed = seed

        // The probe.
        let k = probeSamples
        var probe: [ResultAssembler.Entry] = []
        var features: ProbeFeatures?
        if k > 0 {
            let sampler = IndependentSampler(count: k, parameters: probeSampling)
            let reporter = sampler.reporter(strategy: name, in: context)
            probe = ResultAssembler.entries(
                try await sampler.sample(problem, in: context, meter: &policy, reporter: reporter))
            features = ProbeFeatures(
                samples: probe.map { entry in
                    ProbeSample(
                        answer: ResultAssembler.answer(
                            of: entry.solution.text, finish: entry.finishReason, grader: context.grader)?.text,
                        generatedTokens: entry.solution.generatedTokenCount, capped: entry.finishReason == .length)
                },
                maxTokens: probeSampling.maxTokens, grader: context.grader)
        }
        let bins = Self.bins(features: features, predictor: profile.predictor)
        let probeCost = PlannedCost(
            generations: k, flops: policy.compute.flops, seconds: (ContinuousClock.now - started).seconds)
        let ranked = planner.options(
            bins: bins, probe: probeCost, probeSampling: probeSampling, verifier: context.verifier.keyName,
            budget: limits)
        let decision = planner.decide(features: features, bins: bins, ranked: ranked)

        var result: SearchResult
        var chosen: Planner.Option?
        var reused = false
        if case .probeOnly = decision, probe.isEmpty {
            throw PonderError.invalidParameter(
                "budget", "\(limits.generations)",
                expected: "room for one of the profile's configurations (\(profileSource)): "
                    + (ranked.isEmpty ? "none fits" : "none fits beside the probe"))
        }
        switch decision {
        case .settled, .probeOnly:
            result = ResultAssembler(strategy: name, budget: k, rule: .majority).assemble(
                problem: problem, entries: probe, grader: context.grader, policy: policy.compute, verifier: nil,
                started: started)
            if case .settled = decision, result.stopReason == .completed { result.stopReason = .settled }
        case .run(let option):
            chosen = option
            let configuration = option.configuration
            if Planner.canReuse(configuration, probeSampling: probeSampling) {
                reused = true
                result = try await continueSampling(
                    configuration, probe: probe, problem: problem, sampling: probeSampling, context: context,
                    policy: &policy, verifier: &verifier, started: started)
            } else {
                result = try await runBeside(
                    configuration, probe: probe, problem: problem, context: context, policy: policy,
                    verifier: &verifier, started: started)
            }
        }
        let spent = PlannedCost(
            generations: Self.generations(spent: result, probe: k, chosen: chosen?.configuration, reused: reused),
            flops: result.accounting.totalFLOPs, seconds: (ContinuousClock.now - started).seconds)
        result.strategy = name
        result.budget = limits.generations
        result.plan = PlanReport(
            profile: profileSource, budget: limits, features: features, bins: bins,
            decision: Self.name(of: decision), chosen: chosen,
            alternatives: Array(ranked.filter { $0 != chosen }.prefix(3)), reusedProbe: reused, spent: spent)
        return result
    }

    /// The generations a search spent, counted as budgets count them: the probe's k; with a reused probe, every
    /// sample drawn; beside the probe, one for CoT, the samples an adaptive strategy finished, or N for tree
    /// search (whose budget counts candidate steps per depth, not paths).
    static func generations(
        spent result: SearchResult, probe k: Int, chosen: PlannedConfiguration?, reused: Bool
    ) -> Int {
        guard let chosen else { return k }
        if reused { return result.candidates.count }
        if chosen.strategy == .cot { return k + 1 }
        if chosen.stopping != nil { return k + max(result.samplesSpent - k, 0) }
        return k + chosen.budget
    }

    /// P(bin | probe): the predictor's, or uniform without a predictor or a probe.
    static func bins(features: ProbeFeatures?, predictor: DifficultyPredictor?) -> [DifficultyBin: Double] {
        guard let features, let predictor else {
            return Dictionary(uniqueKeysWithValues: DifficultyBin.allCases.map { ($0, 1.0 / 3) })
        }
        return predictor.probabilities(features.vector)
    }

    static func name(of decision: Planner.Decision) -> String {
        switch decision {
        case .settled: "settled"
        case .probeOnly: "probe-only"
        case .run: "run"
        }
    }

    /// Majority vote or Best-of-N whose first samples are the probe's: draws the rest with their own seeds,
    /// scores every sample when the rule needs scores, and votes.
    private func continueSampling(
        _ configuration: PlannedConfiguration, probe: [ResultAssembler.Entry], problem: Problem,
        sampling: SamplingParameters, context: SearchContext, policy: inout PolicyMeter,
        verifier: inout VerifierMeter, started: ContinuousClock.Instant
    ) async throws -> SearchResult {
        var entries = probe
        let fresh = configuration.budget - probe.count
        if fresh > 0 {
            let sampler = IndependentSampler(count: fresh, parameters: sampling, firstSample: probe.count)
            let reporter = sampler.reporter(strategy: name, in: context)
            entries += ResultAssembler.entries(
                try await sampler.sample(problem, in: context, meter: &policy, reporter: reporter))
        }
        guard configuration.strategy == .bestOfN else {
            return ResultAssembler(strategy: name, budget: entries.count, rule: .majority).assemble(
                problem: problem, entries: entries, grader: context.grader, policy: policy.compute, verifier: nil,
                started: started)
        }
        entries = try await Self.scored(
            entries, problem: problem, mode: configuration.verifierMode, verifier: &verifier)
        return ResultAssembler(
            strategy: name, budget: entries.count, rule: configuration.rule, mode: configuration.verifierMode
        ).assemble(
            problem: problem, entries: entries, grader: context.grader, policy: policy.compute,
            verifier: verifier.compute, started: started)
    }

    /// CoT or tree search, run in full; the probe's samples join tree search's final vote (scored by the
    /// verifier as its paths are), and stand apart from CoT's one greedy answer.
    private func runBeside(
        _ configuration: PlannedConfiguration, probe: [ResultAssembler.Entry], problem: Problem,
        context: SearchContext, policy: PolicyMeter, verifier: inout VerifierMeter, started: ContinuousClock.Instant
    ) async throws -> SearchResult {
        let run = try await configuration.makeStrategy(seed: seed).search(problem, in: context)
        let scoredProbe =
            configuration.strategy.usesVerifier
            ? try await Self.scored(probe, problem: problem, mode: configuration.verifierMode, verifier: &verifier)
            : probe
        let probeResult = ResultAssembler(
            strategy: name, budget: probe.count, rule: configuration.rule, mode: configuration.verifierMode
        ).assemble(
            problem: problem, entries: scoredProbe, grader: context.grader, policy: policy.compute,
            verifier: verifier.compute, started: started)
        var candidates = probeResult.candidates + run.candidates
        for index in candidates.indices { candidates[index].index = index }
        let votes: VoteTable
        if configuration.strategy == .cot {
            votes = run.votes
        } else {
            votes = VoteTable(
                answers: candidates.map { $0.answer?.text },
                stepScores: candidates.map { candidate in
                    configuration.verifierMode == .outcome ? candidate.outcomeScore.map { [$0] } : candidate.stepScores
                },
                rule: configuration.rule, grader: context.grader)
        }
        var policyCompute = policy.compute
        policyCompute.add(run.accounting.policy)
        var verifierCompute = probeResult.accounting.verifier
        if let other = run.accounting.verifier {
            if verifierCompute == nil { verifierCompute = other } else { verifierCompute?.add(other) }
        }
        return SearchResult(
            problem: problem, strategy: name, budget: candidates.count, answer: votes.answer, candidates: candidates,
            votes: votes,
            accounting: ComputeAccounting(
                policy: policyCompute, verifier: verifierCompute, wallSeconds: (ContinuousClock.now - started).seconds),
            stopReason: run.stopReason)
    }

    /// `entries` with the verifier's step or outcome scores.
    static func scored(
        _ entries: [ResultAssembler.Entry], problem: Problem, mode: VerifierMode, verifier: inout VerifierMeter
    ) async throws -> [ResultAssembler.Entry] {
        switch mode {
        case .outcome:
            return try await ResultAssembler.scoringOutcomes(entries, problem: problem, verifier: &verifier)
        case .step:
            let scores = try await verifier.scoreSteps(
                entries.map { StepScoringRequest(problem: problem, steps: $0.solution.steps, firstStep: 0) })
            var entries = entries
            for index in entries.indices { entries[index].stepScores = scores[index].scores }
            return entries
        }
    }
}
