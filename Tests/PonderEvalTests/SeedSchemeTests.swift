import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

@testable import PonderEval

/// Per-problem seeds: each problem's samples draw their own random streams, reproducibly from the run's seed,
/// and the runs stay apart from shared-seed runs in the store.
@Suite struct SeedSchemeTests {
    let grader = MathGrader(configuration: .voting)

    @Test func theProblemSeedIsAFixedFunctionOfTheRunSeedAndTheProblemID() {
        // Computed by an independent implementation (Python: 64-bit FNV-1a of the id's UTF-8, xor the run seed
        // times the golden ratio, one SplitMix64 step, the high 32 bits). A change here makes stored per-problem
        // runs irreproducible.
        #expect(SeedScheme.problemSeed(run: 0, problemID: "p0") == 3_963_600_959)
        #expect(SeedScheme.problemSeed(run: 0, problemID: "p1") == 90_839_292)
        #expect(SeedScheme.problemSeed(run: 7, problemID: "p0") == 2_369_977_505)
        #expect(SeedScheme.problemSeed(run: 0, problemID: "test/precalculus/807.json") == 3_332_667_260)
        #expect(SeedScheme.shared.seed(run: 7, problemID: "p0") == 7)
        #expect(SeedScheme.perProblem.seed(run: 7, problemID: "p0") == 2_369_977_505)
    }

    @Test func schemesParseByNameAndAnUnknownOneIsAClearError() throws {
        #expect(try SeedScheme(parsing: "per-problem") == .perProblem)
        #expect(try SeedScheme(parsing: "shared") == .shared)
        let error = #expect(throws: EvalError.self) { try SeedScheme(parsing: "random") }
        #expect(error?.description.contains("per-problem or shared") == true)
    }

    @Test func perProblemRunsHaveTheirOwnKeysExceptGreedyCoT() throws {
        var plan = EvalPlan(strategies: [.cot, .majority, .bestOfN], budgets: [4])
        #expect(plan.seedScheme == .perProblem, "evaluations seed per problem by default")
        let perProblem = plan.configurations.map(\.parametersKey)
        plan.seedScheme = .shared
        let shared = plan.configurations.map(\.parametersKey)
        #expect(perProblem[0] == shared[0], "CoT is greedy: the same run under either scheme")
        #expect(!shared[0].contains("seeds") && !shared[1].contains("seeds"), "shared keys are unchanged")
        #expect(perProblem[1].contains(#""seeds":"per-problem""#) && perProblem[2].contains(#""seeds":"per-problem""#))
        #expect(perProblem[1] != shared[1])
        #expect(RunParameters.readable(perProblem[1]).contains(#"seeds="per-problem""#))
        var reuse = plan
        reuse.seedScheme = .perProblem
        reuse.reuseSamples = true
        let bestOfN = try #require(reuse.configurations.first { $0.strategy == .bestOfN })
        #expect(bestOfN.sampleSource.seedScheme == .perProblem, "Best-of-N scores samples drawn under its scheme")
    }

    /// The seeds the policy was asked to sample with, per problem (each problem's prompt names it).
    private func seeds(_ scheme: SeedScheme, seed: UInt32) async throws -> [String: [UInt32]] {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let policy = ScriptedPolicy(answers: ["42", "9"])
        var plan = EvalPlan(strategies: [.majority], budgets: [3], seeds: [seed])
        plan.seedScheme = scheme
        let summary = try await EvalRunner(
            store: store, policy: policy, verifier: ScriptedPRM(table: [:]),
            builder: RecordBuilder(grading: grader, voting: grader), concurrency: 1
        ).run(plan, on: TestSupport.dataset(["42"], count: 2))
        #expect(summary.finished == 2 && summary.failures.isEmpty)
        var seeds: [String: [UInt32]] = [:]
        for call in policy.calls {
            let text = try #require(call.requests.first?.solution.prompt.text)
            let problem = text.contains("Problem 0") ? "p0" : "p1"
            seeds[problem, default: []] += call.requests.map(\.seed)
        }
        return seeds
    }

    @Test func eachProblemDrawsFromItsOwnSeedOnlyUnderThePerProblemScheme() async throws {
        let expected = { (base: UInt32) in (0..<3).map { SamplingParameters(seed: base).seed(forSample: $0) } }
        let perProblem = try await seeds(.perProblem, seed: 5)
        #expect(perProblem["p0"] == expected(SeedScheme.problemSeed(run: 5, problemID: "p0")))
        #expect(perProblem["p1"] == expected(SeedScheme.problemSeed(run: 5, problemID: "p1")))
        #expect(perProblem["p0"] != perProblem["p1"])
        let shared = try await seeds(.shared, seed: 5)
        #expect(shared["p0"] == expected(5) && shared["p1"] == expected(5), "sample i shares its stream")
    }
}
