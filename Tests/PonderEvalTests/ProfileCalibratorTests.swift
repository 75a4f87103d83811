import Foundation
import PonderCore
import PonderEval
import PonderMath
import Testing

/// `ponder calibrate`'s library: a synthetic database whose best configuration per bin is known by
/// construction, calibrated and then planned with.
struct ProfileCalibratorTests {
    /// Four problems per bin. Majority samples (8): easy ones 7 of 8 right (the wrong one last), medium ones 2
    /// of 8 (majority picks the wrong "3"), hard ones none. Best-of-N@4 with a verifier that scores right
    /// candidates 0.9 and wrong ones 0.1: its first four samples hold a right one in easy and medium problems.
    static let patterns: [(id: String, majority: [Bool], bestOfN: [Bool])] =
        (0..<4).map { ("e\($0)", [true, true, true, true, true, true, true, false], [true, true, true, false]) }
        + (0..<4).map {
            ("m\($0)", [false, true, false, false, false, false, false, true], [false, true, false, false])
        }
        + (0..<4).map { ("h\($0)", [Bool](repeating: false, count: 8), [false, false, false, false]) }

    static func database() async throws -> (EvalStore, URL) {
        let folder = try TestSupport.temporaryDirectory()
        let store = try EvalStore(path: folder.appendingPathComponent("runs.sqlite").path)
        for problem in patterns {
            try await store.record(
                TestSupport.record(
                    problem: problem.id, strategy: .majority, budget: 8, reported: [1, 4, 8],
                    candidates: TestSupport.candidates(problem.majority)))
            try await store.record(
                TestSupport.record(
                    problem: problem.id, strategy: .cot, budget: 1,
                    candidates: TestSupport.candidates([problem.id.hasPrefix("e")])))
            try await store.record(
                TestSupport.record(
                    problem: problem.id, strategy: .bestOfN, budget: 4, verifier: "toy-prm",
                    candidates: TestSupport.candidates(
                        problem.bestOfN, scores: problem.bestOfN.map { $0 ? 0.9 : 0.1 }),
                    rules: SelectionRule.all,
                    verifierCompute: ModelCompute(
                        model: "toy-prm", parameterCount: 2000,
                        usage: TokenUsage(promptTokensEvaluated: 400, promptTokensReused: 0, generatedTokens: 4),
                        seconds: 1)))
        }
        return (store, folder)
    }

    static let grader = MathGrader(configuration: .voting)

    @Test func calibrationMeasuresEveryConfigurationPerBin() async throws {
        let (store, folder) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try ProfileCalibrator(probeSamples: 4).calibrate(
            try await store.snapshot(), grader: Self.grader, command: "ponder calibrate --db runs.sqlite")
        #expect(profile.policy == ProfileModel(name: "toy-policy", parameterCount: 1000))
        #expect(profile.provenance.binProblems == [.easy: 4, .medium: 4, .hard: 4])
        #expect(profile.probe.samples == 4)
        #expect(profile.predictor?.examples == [8, 8, 8])  // two disjoint windows of 4 per problem

        let labels = Set(profile.configurations.map(\.label))
        #expect(labels.isSuperset(of: ["cot@1", "majority@1", "majority@4", "majority@8", "best-of-n@4/prm-last-max"]))
        let majority8 = try #require(profile.configurations.first { $0.label == "majority@8" })
        #expect(majority8.accuracy(in: .easy) == 1)
        #expect(majority8.accuracy(in: .medium) == 0)
        #expect(majority8.accuracy(in: .hard) == 0)
        let bestOfN = try #require(profile.configurations.first { $0.label == "best-of-n@4/prm-last-max" })
        #expect(bestOfN.verifier == "toy-prm")
        #expect(bestOfN.accuracy(in: .medium) == 1)
        #expect(bestOfN.bins[.medium]?.problems == 4)
        #expect(bestOfN.cost.generations == 4)
    }

    @Test func theCalibratedPlannerFindsTheBestConfigurationPerBinTiesToTheCheaper() async throws {
        let (store, folder) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try ProfileCalibrator(probeSamples: 4).calibrate(
            try await store.snapshot(), grader: Self.grader, command: "test")
        let planner = Planner(profile: profile)
        let probe = PlannedCost(generations: 4, flops: 0, seconds: 0)
        func choice(_ bin: DifficultyBin) throws -> PlannedConfiguration? {
            guard
                case .run(let option) = planner.decide(
                    features: nil, bins: [bin: 1], probe: probe, probeSampling: profile.probe.sampling,
                    verifier: "toy-prm", budget: try PlanBudget(generations: 8))
            else { return nil }
            return option.configuration
        }
        // Medium: only Best-of-N's verifier finds the right answer.
        #expect(try choice(.medium)?.strategy == .bestOfN)
        #expect(try choice(.medium)?.accuracy(in: .medium) == 1)
        // Easy: majority@1, @4, @8, CoT and Best-of-N are all right; the probe alone (majority reusing its four
        // samples) is the cheapest: Best-of-N reuses them too but pays its verifier to score them.
        let easy = try #require(try choice(.easy))
        #expect(easy.strategy == .majority)
        #expect(easy.budget <= 4)
        // Without the verifier, Best-of-N is out of reach.
        let noVerifier = planner.options(
            bins: [.medium: 1], probe: probe, probeSampling: profile.probe.sampling, verifier: "self-certainty",
            budget: try PlanBudget(generations: 8))
        #expect(!noVerifier.contains { $0.configuration.strategy == .bestOfN })
    }

    /// Majority stopped early by a rule (two seeds, two samples a problem) has more stored runs than the
    /// fixed majority@8 but too few samples for a probe of four: the probe's examples come from the fixed one.
    @Test func theProbeLearnsFromFixedBudgetMajorityNotAnAdaptiveOne() async throws {
        let (store, folder) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        for problem in Self.patterns {
            for seed: UInt32 in [1, 2] {
                var adaptive = TestSupport.record(
                    problem: problem.id, strategy: .majority, budget: 8, seed: seed,
                    candidates: TestSupport.candidates(Array(problem.majority.prefix(2))))
                adaptive.key.parameters = #"{"stopping":"beta:0.9","temperature":0.7}"#
                try await store.record(adaptive)
            }
        }
        let profile = try ProfileCalibrator(probeSamples: 4).calibrate(
            try await store.snapshot(), grader: Self.grader, command: "test")
        #expect(profile.provenance.binProblems == [.easy: 4, .medium: 4, .hard: 4])
        #expect(profile.predictor?.examples == [8, 8, 8])
    }

    @Test func calibrationNeedsMajoritySamplesAndOnePolicy() async throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try EvalStore(path: folder.appendingPathComponent("cot.sqlite").path)
        try await store.record(
            TestSupport.record(problem: "p0", strategy: .cot, budget: 1, candidates: TestSupport.candidates([true])))
        let calibrator = try ProfileCalibrator()
        let error = try await #require(throws: EvalError.self) {
            try calibrator.calibrate(try await store.snapshot(), grader: Self.grader, command: "test")
        }
        #expect("\(error)".contains("majority"))
        try await store.record(
            TestSupport.record(
                problem: "p0", strategy: .cot, budget: 1, policy: "other-policy",
                candidates: TestSupport.candidates([true])))
        let ambiguous = try await #require(throws: EvalError.self) {
            try calibrator.calibrate(try await store.snapshot(), grader: Self.grader, command: "test")
        }
        #expect("\(ambiguous)".contains("--policy"))
        #expect(throws: EvalError.self) { try ProfileCalibrator(probeSamples: 0) }
    }
}

extension ProfileCalibratorTests {
    /// A series run on one problem of twelve (DVTS with the same verifier, right on the hard h0) has a hard-bin
    /// accuracy of 100% measured on one problem: the planner would choose it for every hard problem. The
    /// profile leaves it out unless asked, and says so.
    @Test func configurationsMeasuredOnSomeProblemsStayOutOfTheProfileUnlessAsked() async throws {
        let (store, folder) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await store.record(
            TestSupport.record(
                problem: "h0", strategy: .dvts, budget: 4, verifier: "toy-prm",
                candidates: TestSupport.candidates([true, false, false, false], scores: [0.9, 0.1, 0.1, 0.1]),
                rules: [.majority, .lastMax]))
        let snapshot = try await store.snapshot()

        let calibration = try ProfileCalibrator(probeSamples: 4).calibration(
            snapshot, grader: Self.grader, command: "test")
        #expect(!calibration.profile.configurations.contains { $0.strategy == .dvts })
        #expect(calibration.profile.configurations.contains { $0.strategy == .bestOfN })
        #expect(calibration.partial.allSatisfy { $0.strategy == .dvts && $0.overall.problems == 1 })
        #expect(calibration.partial.map(\.rule.name).sorted() == ["majority", "prm-last-max"])
        #expect(calibration.partial.first { $0.rule == .lastMax }?.accuracy(in: .hard) == 1)

        let kept = try ProfileCalibrator(probeSamples: 4, includePartial: true).calibration(
            snapshot, grader: Self.grader, command: "test")
        #expect(kept.partial.count == 2)
        let planner = Planner(profile: kept.profile)
        guard
            case .run(let option) = planner.decide(
                features: nil, bins: [.hard: 1], probe: PlannedCost(generations: 4, flops: 0, seconds: 0),
                probeSampling: kept.profile.probe.sampling, verifier: "toy-prm", budget: try PlanBudget(generations: 8))
        else {
            Issue.record("the planner ran nothing")
            return
        }
        #expect(option.configuration.strategy == .dvts)  // what the default keeps it from
        #expect(option.configuration.rule == .lastMax)
    }

    @Test func leaveOneProblemOutPredictsSeparableBins() async throws {
        let (store, folder) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let matrix = try ProfileCalibrator(probeSamples: 4).calibration(
            try await store.snapshot(), grader: Self.grader, command: "test"
        ).crossValidated()
        // Two windows per problem, four problems per bin; easy probes agree on "7", medium and hard ones split or
        // agree on the wrong "3" — the answers' agreement alone cannot tell a unanimous wrong probe from a
        // unanimous right one, so only the totals and the easy row are certain.
        #expect(matrix.joined().reduce(0, +) == 24)
        #expect(matrix.map { $0.reduce(0, +) } == [8, 8, 8])
    }
}
