import Foundation
import PonderMath
import PonderTesting
import Testing

@testable import PonderCore

/// The planner's pieces: the majority posterior, probe features, the difficulty predictor, the decision under
/// each kind of budget, and `--strategy auto` on scripted models.
struct PlannerTests {
    static let grader = MathGrader(configuration: .voting)
    static let sampling = SamplingParameters(temperature: 0.7, maxTokens: 1024)

    /// A configuration measured at `accuracy` per bin, costing `flops` per problem.
    static func configuration(
        _ strategy: StrategyKind, _ budget: Int, easy: Double, medium: Double, hard: Double, flops: Double = 1e9,
        rule: SelectionRule = .majority, verifier: String = "none", sampling: SamplingParameters = sampling
    ) -> PlannedConfiguration {
        let measured = { (value: Double) in MeasuredAccuracy(problems: 10, accuracy: value, lower: value, upper: value)
        }
        return PlannedConfiguration(
            strategy: strategy, budget: budget, rule: rule, verifier: verifier, sampling: sampling,
            tree: TreeSearchParameters(budget: budget), overall: measured((easy + medium + hard) / 3),
            bins: [.easy: measured(easy), .medium: measured(medium), .hard: measured(hard)],
            cost: MeasuredCost(generations: budget, generatedTokens: 100, flops: flops, seconds: Double(budget)))
    }

    static func profile(
        _ configurations: [PlannedConfiguration], probe: Int = 4, predictor: DifficultyPredictor? = nil,
        policy: String = "scripted", parameterCount: UInt64 = 1_000_000
    ) -> PlannerProfile {
        PlannerProfile(
            policy: ProfileModel(name: policy, parameterCount: parameterCount),
            probe: PlannerProfile.ProbeSettings(samples: probe, sampling: sampling), predictor: predictor,
            configurations: configurations,
            provenance: PlannerProfile.Provenance(
                command: "test", dataset: "toy", problems: 30, binProblems: [.easy: 10, .medium: 10, .hard: 10],
                created: "2026-11-30T00:00:00Z"))
    }

    static let noProbe = PlannedCost(generations: 0, flops: 0, seconds: 0)

    // MARK: - Posterior and features

    /// (leader, runner-up, P(p > ½)), worked by hand: Σ_{j<a} C(a+b−1, j) / 2^(a+b−1) with a = leader + 1,
    /// b = runner-up + 1; (3, 0) → (1+4+6+4)/16.
    static let posteriors: [(Int, Int, Double)] = [
        (3, 0, 15.0 / 16), (2, 1, 11.0 / 16), (0, 0, 0.5), (1, 1, 0.5), (4, 0, 31.0 / 32), (3, 2, 42.0 / 64),
    ]

    @Test func theProbesPosteriorMatchesTheBinomialSum() {
        for (leader, runnerUp, expected) in Self.posteriors {
            #expect(abs(LeaderPosterior.probability([Double(leader), Double(runnerUp)]) - expected) < 1e-10)
        }
    }

    @Test func theProbesPosteriorStaysFiniteOnLargeCounts() {
        let p = LeaderPosterior.probability([600, 400])
        #expect(p > 0.999999 && p <= 1)
        #expect(abs(LeaderPosterior.probability([500, 500]) - 0.5) < 0.02)
    }

    @Test func probeFeaturesGroupEquivalentAnswers() {
        let samples = [
            ProbeSample(answer: "1/2", generatedTokens: 100, capped: false),
            ProbeSample(answer: "0.5", generatedTokens: 300, capped: false),
            ProbeSample(answer: "3", generatedTokens: 200, capped: false),
            ProbeSample(answer: nil, generatedTokens: 1024, capped: true),
        ]
        let features = ProbeFeatures(samples: samples, maxTokens: 1024, grader: Self.grader)
        #expect(features.samples == 4)
        #expect(features.leaderShare == 0.5)  // 1/2 and 0.5 are one answer
        #expect(features.distinctShare == 0.5)  // two answers among four samples
        #expect(abs(features.majorityProbability - 11.0 / 16) < 1e-12)  // counts 2 and 1
        #expect(features.noAnswerShare == 0.25)
        #expect(features.cappedShare == 0.25)
        #expect(abs(features.lengthShare - (1624.0 / 4) / 1024) < 1e-12)
        #expect(!features.isUnanimous)
        #expect(features.vector.count == ProbeFeatures.names.count)
    }

    // MARK: - Predictor

    static func syntheticExamples() -> [DifficultyPredictor.Example] {
        // Easy problems agree, hard ones scatter and run long, medium ones split.
        var examples: [DifficultyPredictor.Example] = []
        for index in 0..<20 {
            let jitter = Double(index % 5) * 0.02
            examples.append(.init(features: [1 - jitter, 0.25, 0.97, 0, 0, 0.2 + jitter], bin: .easy))
            examples.append(.init(features: [0.5 - jitter, 0.5, 0.69, 0.1, 0.1, 0.4 + jitter], bin: .medium))
            examples.append(.init(features: [0.25, 1 - jitter, 0.5, 0.5, 0.5 + jitter, 0.8], bin: .hard))
        }
        return examples
    }

    @Test func predictorRecoversKnownBinsAndIsDeterministic() throws {
        let examples = Self.syntheticExamples()
        let predictor = try DifficultyPredictor.fit(examples)
        for example in examples { #expect(predictor.predict(example.features) == example.bin) }
        let probabilities = predictor.probabilities([1, 0.25, 0.97, 0, 0, 0.2])
        #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-9)
        #expect((probabilities[.easy] ?? 0) > 0.9)
        #expect(try DifficultyPredictor.fit(examples) == predictor)
        #expect(predictor.examples == [20, 20, 20])
    }

    @Test func predictorRefusesNoExamplesAndRaggedFeatures() {
        #expect(throws: PonderError.self) { try DifficultyPredictor.fit([]) }
        #expect(throws: PonderError.self) {
            try DifficultyPredictor.fit([.init(features: [1, 2], bin: .easy)])
        }
    }

    // MARK: - Decision

    @Test func planChoosesTheBestExpectedAccuracyPerBin() throws {
        let planner = Planner(
            profile: Self.profile([
                Self.configuration(.majority, 4, easy: 0.95, medium: 0.40, hard: 0.05),
                Self.configuration(.majority, 16, easy: 0.95, medium: 0.55, hard: 0.05),
                Self.configuration(
                    .beam, 8, easy: 0.80, medium: 0.45, hard: 0.20, rule: .lastVote, verifier: "self-certainty"),
            ]))
        let budget = try PlanBudget(generations: 16)
        func choice(_ bins: [DifficultyBin: Double]) -> String? {
            guard
                case .run(let option) = planner.decide(
                    features: nil, bins: bins, probe: Self.noProbe, probeSampling: Self.sampling,
                    verifier: "self-certainty", budget: budget)
            else { return nil }
            return option.configuration.label
        }
        // Easy: majority@4 and @16 tie at 0.95; the cheaper wins.
        #expect(choice([.easy: 1]) == "majority@4")
        #expect(choice([.medium: 1]) == "majority@16")
        #expect(choice([.hard: 1]) == "beam@8 M=4/prm-last-vote")
        // Mixed: 0.5·0.55 + 0.5·0.05 = 0.30 for majority@16 against 0.5·0.45 + 0.5·0.20 = 0.325 for beam.
        #expect(choice([.medium: 0.5, .hard: 0.5]) == "beam@8 M=4/prm-last-vote")
    }

    @Test func planNeverExceedsTheBudgetProbeIncluded() throws {
        let configurations = [1, 2, 4, 8, 16].flatMap { n in
            [
                Self.configuration(.majority, n, easy: 0.9, medium: Double(n) / 20, hard: 0, flops: Double(n) * 1e9),
                Self.configuration(
                    .dvts, n, easy: 0.8, medium: Double(n) / 18, hard: 0.1, flops: Double(n) * 3e9, rule: .lastVote,
                    verifier: "self-certainty"),
                Self.configuration(.cot, 1, easy: 0.85, medium: 0.2, hard: 0.02, flops: 1e9),
            ]
        }
        let planner = Planner(profile: Self.profile(configurations))
        for generations in 1...20 {
            for probe in 0...min(4, generations) {
                let spent = PlannedCost(generations: probe, flops: Double(probe) * 1e9, seconds: Double(probe))
                for flops in [nil, 4e9, 2e10] as [Double?] {
                    let budget = try PlanBudget(generations: generations, flops: flops, seconds: 12)
                    let options = planner.options(
                        bins: [.easy: 0.2, .medium: 0.5, .hard: 0.3], probe: spent, probeSampling: Self.sampling,
                        verifier: "self-certainty", budget: budget)
                    for option in options {
                        #expect(option.cost.generations <= generations)
                        #expect(option.cost.flops <= flops ?? .infinity)
                        #expect(option.cost.seconds <= 12)
                        #expect(option.cost.generations >= probe)
                    }
                }
            }
        }
    }

    @Test func probeSamplesCountTowardSamplingConfigurationsOnlyOnce() {
        let majority = Self.configuration(.majority, 8, easy: 1, medium: 1, hard: 1, flops: 8e9)
        let probe = PlannedCost(generations: 4, flops: 4e9, seconds: 4)
        let reused = Planner.cost(of: majority, after: probe, probeSampling: Self.sampling)
        #expect(reused.generations == 8)
        #expect(reused.flops == 8e9)  // the probe's 4e9 and half the measured 8e9
        var other = Self.sampling
        other.temperature = 1.0
        let apart = Planner.cost(of: majority, after: probe, probeSampling: other)
        #expect(apart.generations == 12)
        let beam = Self.configuration(.beam, 4, easy: 1, medium: 1, hard: 1, flops: 5e9)
        #expect(Planner.cost(of: beam, after: probe, probeSampling: Self.sampling).generations == 8)
        let cot = Self.configuration(.cot, 1, easy: 1, medium: 1, hard: 1)
        #expect(Planner.cost(of: cot, after: probe, probeSampling: Self.sampling).generations == 5)
    }

    @Test func verifierConfigurationsNeedTheirVerifier() throws {
        let planner = Planner(
            profile: Self.profile([
                Self.configuration(.majority, 4, easy: 0.5, medium: 0.3, hard: 0),
                Self.configuration(
                    .bestOfN, 4, easy: 0.9, medium: 0.6, hard: 0.1, rule: .lastMax, verifier: "generative:judge"),
            ]))
        let options = planner.options(
            bins: [.medium: 1], probe: Self.noProbe, probeSampling: Self.sampling, verifier: "self-certainty",
            budget: try PlanBudget(generations: 8))
        #expect(options.map(\.configuration.label) == ["majority@4"])
    }

    @Test func paperRuleTakesBeamSearchAtTheLargestBudgetThatFits() throws {
        let profile = Self.profile([
            Self.configuration(.majority, 16, easy: 1, medium: 1, hard: 1),
            Self.configuration(.beam, 4, easy: 0, medium: 0, hard: 0, rule: .lastVote, verifier: "self-certainty"),
            Self.configuration(.beam, 16, easy: 0, medium: 0, hard: 0, rule: .lastVote, verifier: "self-certainty"),
        ]).paperRule()
        #expect(profile.probe.samples == 0)
        let planner = Planner(profile: profile)
        for (generations, expected) in [(8, "beam@4 M=4/prm-last-vote"), (16, "beam@16 M=4/prm-last-vote")] {
            let decision = planner.decide(
                features: nil, bins: [.easy: 1], probe: Self.noProbe, probeSampling: Self.sampling,
                verifier: "self-certainty", budget: try PlanBudget(generations: generations))
            guard case .run(let option) = decision else {
                Issue.record("expected a run, got \(decision)")
                continue
            }
            #expect(option.configuration.label == expected)
        }
    }

    @Test(arguments: [0, -3])
    func budgetRefusesFewerThanOneGeneration(generations: Int) {
        #expect(throws: PonderError.self) { try PlanBudget(generations: generations) }
    }

    @Test func budgetRefusesNonPositiveFLOPsAndSeconds() {
        #expect(throws: PonderError.self) { try PlanBudget(generations: 4, flops: -1) }
        #expect(throws: PonderError.self) { try PlanBudget(generations: 4, seconds: 0) }
        #expect(throws: PonderError.self) { try PlanBudget(generations: 4, flops: .nan) }
    }

    // MARK: - Profiles

    @Test func profileRoundTripsAsSnakeCaseJSON() throws {
        let profile = Self.profile(
            [Self.configuration(.majority, 4, easy: 0.9, medium: 0.4, hard: 0)],
            predictor: try DifficultyPredictor.fit(Self.syntheticExamples()))
        let data = try profile.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"parameter_count\""))
        #expect(text.contains("\"verifier_mode\""))
        #expect(text.contains("\"bin_problems\""))
        #expect(text.contains("\"verifier_flops\""))
        #expect(!text.contains("parameterCount"))
        #expect(try PlannerProfile.decode(data, source: "memory") == profile)
    }

    @Test func unreadableProfilesAreClearErrors() throws {
        let error = try #require(throws: PonderError.self) { try PlannerProfile.load(path: "/nonexistent/p.json") }
        #expect(error.code == .invalidProfile)
        #expect("\(error)".contains("ponder calibrate"))
        let malformed = try #require(throws: PonderError.self) {
            try PlannerProfile.decode(Data(#"{"format": 1}"#.utf8), source: "bad.json")
        }
        #expect("\(malformed)".contains("bad.json"))
        var future = try JSONSerialization.jsonObject(with: try Self.profile([]).encoded()) as? [String: Any] ?? [:]
        future["format"] = 99
        let newer = try #require(throws: PonderError.self) {
            try PlannerProfile.decode(try JSONSerialization.data(withJSONObject: future), source: "new.json")
        }
        #expect("\(newer)".contains("format 99"))
    }

    // MARK: - Auto on scripted models

    static let problem = Problem(statement: "What is 3 + 4?")

    @Test func autoReusesTheProbeAsMajoritysFirstSamples() async throws {
        // The medium bin favours majority@8: the probe's 4 samples are its first 4, and 4 more are drawn.
        let predictor = try DifficultyPredictor.fit(Self.syntheticExamples())
        let profile = Self.profile(
            [
                Self.configuration(.majority, 4, easy: 0.9, medium: 0.3, hard: 0),
                Self.configuration(.majority, 8, easy: 0.9, medium: 0.6, hard: 0),
            ], predictor: predictor)
        let policy = ScriptedPolicy(answers: ["7", "5", "7", "9"])
        let auto = try AutoStrategy(
            profile: profile, profileSource: "test", limits: try PlanBudget(generations: 8), seed: 11)
        let result = try await auto.search(
            Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        let plan = try #require(result.plan)
        #expect(plan.decision == "run")
        #expect(plan.chosen?.configuration.label == "majority@8")
        #expect(plan.reusedProbe)
        #expect(result.candidates.count == 8)
        #expect(plan.spent.generations == 8)
        // Exactly the samples majority@8 with the same seed draws: no seed twice, none missing.
        let seeds = policy.calls.flatMap { $0.requests.map(\.seed) }
        var sampling = Self.sampling
        sampling.seed = 11
        #expect(seeds == (0..<8).map { sampling.seed(forSample: $0) })
        #expect(policy.calls.map(\.requests.count) == [4, 4])
        #expect(result.answer == "7")
        #expect(result.strategy == "auto")
    }

    @Test func autoStopsOnAUnanimousConfidentProbe() async throws {
        let predictor = try DifficultyPredictor.fit(Self.syntheticExamples())
        let profile = Self.profile(
            [Self.configuration(.majority, 16, easy: 0.99, medium: 0.6, hard: 0)], predictor: predictor)
        let policy = ScriptedPolicy(answers: ["7"])
        let auto = try AutoStrategy(profile: profile, profileSource: "test", limits: try PlanBudget(generations: 16))
        let result = try await auto.search(Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        #expect(result.plan?.decision == "settled")
        #expect(result.stopReason == .settled)
        #expect(result.plan?.spent.generations == 4)
        #expect(result.candidates.count == 4)
        #expect(policy.calls.count == 1)
        #expect(result.answer == "7")
    }

    @Test func autoRunsTreeSearchWithTheProbeAsVotesBeside() async throws {
        let profile = Self.profile([
            Self.configuration(.majority, 4, easy: 0.2, medium: 0.2, hard: 0.2),
            Self.configuration(
                .bestOfN, 4, easy: 0.9, medium: 0.9, hard: 0.9, rule: .lastMax, verifier: "self-certainty"),
        ])
        var other = Self.sampling
        other.temperature = 0.9  // measured with other knobs: no reuse, it runs in full beside the probe
        var profileApart = profile
        profileApart.configurations[1].sampling = other
        let policy = ScriptedPolicy(answers: ["7", "5"])
        let auto = try AutoStrategy(
            profile: profileApart, profileSource: "test", limits: try PlanBudget(generations: 8))
        let result = try await auto.search(Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        let plan = try #require(result.plan)
        #expect(plan.chosen?.configuration.label == "best-of-n@4/prm-last-max")
        #expect(!plan.reusedProbe)
        #expect(result.candidates.count == 8)
        #expect(result.candidates.allSatisfy { $0.score != nil })  // the probe's samples were scored too
        #expect(result.votes.groups.reduce(0) { $0 + $1.members.count } == 8)
        #expect(plan.spent.generations == 8)
    }

    @Test func autoRefusesAProfileOfAnotherPolicyUnlessForced() async throws {
        let profile = Self.profile(
            [Self.configuration(.majority, 4, easy: 0.9, medium: 0.4, hard: 0)], policy: "qwen-0.5b.gguf")
        let policy = ScriptedPolicy(answers: ["7"])
        let strict = try AutoStrategy(profile: profile, profileSource: "p.json", limits: try PlanBudget(generations: 4))
        let error = try await #require(throws: PonderError.self) {
            try await strict.search(Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        }
        #expect("\(error)".contains("qwen-0.5b.gguf"))
        #expect("\(error)".contains("--force-profile"))
        #expect(policy.calls.isEmpty)
        let forced = try AutoStrategy(
            profile: profile, profileSource: "p.json", limits: try PlanBudget(generations: 4), forceProfile: true)
        let result = try await forced.search(Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        #expect(result.answer == "7")
    }

    @Test func autoNeverProbesMoreThanTheBudget() async throws {
        let profile = Self.profile([Self.configuration(.majority, 1, easy: 0.5, medium: 0.5, hard: 0.5)], probe: 4)
        let policy = ScriptedPolicy(answers: ["7", "5"])
        let auto = try AutoStrategy(profile: profile, profileSource: "test", limits: try PlanBudget(generations: 2))
        #expect(auto.probeSamples == 2)
        let result = try await auto.search(Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        #expect(policy.calls.flatMap(\.requests).count == 2)
        #expect(result.plan?.spent.generations == 2)
    }
}

extension PlannerTests {
    @Test func aFixedRuleWithoutItsStrategyOrRoomIsAClearError() async throws {
        let majorityOnly = Self.profile([Self.configuration(.majority, 4, easy: 1, medium: 1, hard: 1)])
        #expect(throws: PonderError.self) {
            try AutoStrategy(
                profile: majorityOnly.paperRule(), profileSource: "p", limits: try PlanBudget(generations: 8))
        }
        let beam = Self.profile([
            Self.configuration(.beam, 8, easy: 1, medium: 1, hard: 1, rule: .lastVote, verifier: "self-certainty")
        ]).paperRule()
        let auto = try AutoStrategy(profile: beam, profileSource: "p", limits: try PlanBudget(generations: 4))
        let policy = ScriptedPolicy(answers: ["7"])
        let error = try await #require(throws: PonderError.self) {
            try await auto.search(Self.problem, in: SearchContext(policy: policy, grader: Self.grader))
        }
        #expect("\(error)".contains("none fits"))
        #expect(policy.calls.isEmpty)
    }
}

extension PlannerTests {
    @Test func stoppingRulesReadBackFromTheirNames() throws {
        for rule in [
            try StoppingRule(parsing: "beta:0.95"), try StoppingRule(parsing: "dirichlet:0.9", minimumSamples: 4),
        ] {
            #expect(try StoppingRule(name: rule.name) == rule)
        }
        #expect(throws: PonderError.self) { try StoppingRule(name: "beta:0.9/min=x") }
    }

    @Test func anAdaptiveConfigurationRunsBesideTheProbe() {
        var adaptive = Self.configuration(.majority, 16, easy: 1, medium: 1, hard: 1)
        adaptive.stopping = try? StoppingRule(parsing: "beta:0.95")
        #expect(!Planner.canReuse(adaptive, probeSampling: Self.sampling))
        #expect(adaptive.label == "majority@16 stop=beta:0.95")
    }
}

extension PlannerTests {
    @Test func aPredictorOfOtherFeaturesIsRefusedNotRun() throws {
        var predictor = try DifficultyPredictor.fit(Self.syntheticExamples())
        predictor.features.removeLast()
        predictor.means.removeLast()
        let profile = Self.profile(
            [Self.configuration(.majority, 4, easy: 1, medium: 1, hard: 1)], predictor: predictor)
        let error = try #require(throws: PonderError.self) {
            try AutoStrategy(profile: profile, profileSource: "edited.json", limits: try PlanBudget(generations: 4))
        }
        #expect("\(error)".contains("edited.json"))
    }
}
