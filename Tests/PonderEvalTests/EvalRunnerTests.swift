import Foundation
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Synchronization
import Testing

@Suite struct EvalRunnerTests {
    /// Samples answer 7, 7, 3, 7 in turn; problems' gold answers alternate 7 and 3.
    private let answers = ["7", "7", "3", "7"]
    private let builder = RecordBuilder(
        grading: MathGrader(configuration: .voting), voting: MathGrader(configuration: .voting))

    private func withStore(_ body: (EvalStore) async throws -> Void) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path))
    }

    private func runner(_ store: EvalStore, _ policy: any PolicyModel, concurrency: Int = 2) -> EvalRunner {
        EvalRunner(
            store: store, policy: policy, verifier: ScriptedPRM(table: [:], default: 0.5), builder: builder,
            concurrency: concurrency)
    }

    @Test func aMatrixStoresOneRunPerConfigurationAndProblem() async throws {
        try await withStore { store in
            let policy = ScriptedPolicy(answers: answers)
            let plan = EvalPlan(strategies: [.cot, .majority, .bestOfN], budgets: [1, 2, 4], seeds: [0, 1])
            let dataset = TestSupport.dataset(["7", "3"], count: 3)
            let summary = try await runner(store, policy).run(plan, on: dataset)
            // cot once; majority and best-of-n once per seed at N = 4.
            #expect(summary.planned == 3 * (1 + 2 + 2))
            #expect(summary.finished == summary.planned)
            #expect(summary.isComplete)
            #expect(policy.calls.count == summary.planned)
            let counts = try await store.counts()
            #expect(counts.runs == 15)
            #expect(counts.candidates == 3 * (1 + 2 * 4 + 2 * 4))
            // Selections: cot 1 budget × majority; majority 3 budgets × 1 rule; best-of-n 3 budgets × 9 rules.
            #expect(counts.selections == 3 * (1 + 2 * 3 + 2 * 3 * SelectionRule.all.count))
            #expect(counts.costs == 3 * (1 + 2 * 3 + 2 * 3))

            let snapshot = try await store.snapshot()
            let majority = snapshot.runs.filter { $0.key.strategy == "majority" && $0.key.problemID == "p0" }
            #expect(majority.map(\.key.seed).sorted() == [0, 1])
            let outcomes = try #require(majority.first).selections
            // Gold 7: budget 1 → 7 (right), 2 → 7 (right), 4 → 7 three times of four (right).
            #expect(outcomes.map(\.correct) == [true, true, true])
            let p1 = try #require(snapshot.runs.first { $0.key.strategy == "majority" && $0.key.problemID == "p1" })
            #expect(p1.selections.map(\.correct) == [false, false, false])
            #expect(p1.correctCandidates == 1)
            // CoT is greedy whatever the seed, and has no verifier in its key.
            let cot = try #require(snapshot.runs.first { $0.key.strategy == "cot" })
            #expect(cot.key.verifier == RunKey.noVerifier)
            #expect(cot.key.parameters.contains(#""temperature":0"#))
            let bestOfN = try #require(snapshot.runs.first { $0.key.strategy == "best-of-n" })
            #expect(bestOfN.key.verifier == "scripted:scripted-prm")
        }
    }

    @Test func aKilledEvaluationResumesWithoutLossOrDuplicates() async throws {
        try await withStore { store in
            let plan = EvalPlan(strategies: [.majority], budgets: [2, 4])
            let dataset = TestSupport.dataset(["7", "3"], count: 8)
            // Five problem runs finish; then the process freezes with two runs in flight, and is stopped.
            let freezing = FreezingPolicy(ScriptedPolicy(answers: answers), allowed: 5)
            let task = Task { try await runner(store, freezing, concurrency: 2).run(plan, on: dataset) }
            try await freezing.waitUntilFrozen(2)
            task.cancel()
            let interrupted = try await task.value
            #expect(interrupted.cancelled)
            #expect(interrupted.finished == 5)
            // Every stored run is whole; the two in flight left nothing.
            #expect(try await store.counts() == EvalStore.Counts(runs: 5, candidates: 20, selections: 10, costs: 10))

            let policy = ScriptedPolicy(answers: answers)
            let resumed = try await runner(store, policy).run(plan, on: dataset)
            #expect(resumed.resumed == 5)
            #expect(resumed.finished == 3)
            #expect(policy.calls.count == 3, "only the missing problems run")
            #expect(resumed.isComplete)
            #expect(try await store.counts() == EvalStore.Counts(runs: 8, candidates: 32, selections: 16, costs: 16))
            let problems = try await store.snapshot().runs.map(\.key.problemID)
            #expect(problems.sorted() == (0..<8).map { "p\($0)" })
        }
    }

    @Test func rerunningAFinishedEvaluationDoesNoWork() async throws {
        try await withStore { store in
            let plan = EvalPlan(strategies: [.cot, .majority], budgets: [4])
            let dataset = TestSupport.dataset(["7"], count: 4)
            _ = try await runner(store, ScriptedPolicy(answers: answers)).run(plan, on: dataset)
            let before = try await store.counts()
            let policy = ScriptedPolicy(answers: answers)
            let progress = ProgressLog()
            let again = try await runner(store, policy).run(plan, on: dataset) { progress.append($0) }
            #expect(policy.calls.isEmpty)
            #expect(again.resumed == 8)
            #expect(again.finished == 0)
            #expect(try await store.counts() == before)
            let last = try #require(progress.all.last)
            #expect(last.alreadyDone == 8)
            #expect(last.accuracy == 1)
        }
    }

    /// Tokens of runs in flight reach the progress before any run finishes, so speed and an ETA (a lower
    /// bound, from tokens) show from the first seconds; once runs finish, their tokens per sample set it.
    @Test func progressCountsTokensOfRunsInFlightAndEstimatesFromTokens() async throws {
        try await withStore { store in
            let dataset = TestSupport.dataset(["7", "3"], count: 3)
            let plan = EvalPlan(
                strategies: [.majority], budgets: [4], seeds: [0], sampling: SamplingParameters(maxTokens: 1000))
            let progress = ProgressLog()
            let policy = ProgressReportingPolicy(ScriptedPolicy(answers: answers))
            _ = try await runner(store, policy, concurrency: 1).run(plan, on: dataset) { progress.append($0) }
            let all = progress.all
            #expect(all.first?.plannedSamples == 3 * 4)
            let early = try #require(all.first { $0.finished == 0 && $0.liveTokens > 0 })
            #expect(early.liveSamples == 4)
            #expect(early.tokensPerSecond > 0)
            #expect(early.estimateIsLowerBound)
            let left = try #require(early.estimatedSecondsLeft)
            // 12 samples planned, tokens per sample of the run in flight so far, less what it has generated.
            let perSample = Double(early.liveTokens) / 4
            #expect(abs(left - (perSample * 12 - Double(early.liveTokens)) / early.tokensPerSecond) < 1e-6)
            // Majority vote's cap: 3 runs × 4 samples × 1000 tokens; the most left is the cap less what was generated.
            #expect(early.plannedTokenCap == 3 * 4 * 1000)
            let most = try #require(early.estimatedSecondsLeftAtMost)
            #expect(abs(most - Double(12_000 - early.liveTokens) / early.tokensPerSecond) < 1e-6)
            #expect(early.line.contains("ETA ") && early.line.contains("–"))
            let afterOne = try #require(all.first { $0.finished == 1 })
            #expect(afterOne.liveTokens == 0 && afterOne.liveSamples == 0, "a stored run's tokens are no longer live")
            #expect(afterOne.finishedSamples == 4)
            #expect(!afterOne.estimateIsLowerBound)
            #expect(afterOne.generatedTokens == 4 * 41)
            let last = try #require(all.last)
            #expect(last.workedSamples == 12)
            #expect(last.estimatedSecondsLeft == 0)
            #expect(last.workedTokenCap == 12_000)
        }
    }

    @Test func newBudgetsAndRulesOfAStoredRunComeFromItsCandidates() async throws {
        try await withStore { store in
            let dataset = TestSupport.dataset(["7"], count: 2)
            _ = try await runner(store, ScriptedPolicy(answers: answers))
                .run(EvalPlan(strategies: [.bestOfN], budgets: [4], rules: [.lastMax]), on: dataset)
            let before = try await store.counts()
            #expect(before.selections == 2 * 3)  // majority, prm-last-vote (primary), prm-last-max
            let policy = ScriptedPolicy(answers: answers)
            let summary = try await runner(store, policy)
                .run(EvalPlan(strategies: [.bestOfN], budgets: [1, 2, 4], rules: SelectionRule.all), on: dataset)
            #expect(policy.calls.isEmpty)
            #expect(summary.backfilled == 2)
            let after = try await store.counts()
            #expect(after.runs == before.runs)
            #expect(after.selections == 2 * 3 * SelectionRule.all.count)
            #expect(after.costs == 2 * 3)
        }
    }

    @Test func problemsRunConcurrentlyUpToTheBound() async throws {
        try await withStore { store in
            let policy = OverlapPolicy(ScriptedPolicy(answers: answers), width: 3)
            let summary = try await runner(store, policy, concurrency: 3)
                .run(EvalPlan(strategies: [.majority], budgets: [4]), on: TestSupport.dataset(["7"], count: 9))
            #expect(summary.finished == 9)
            #expect(policy.mostInFlight == 3)
        }
    }

    @Test func aFailingProblemIsReportedAndTheOthersAreStored() async throws {
        try await withStore { store in
            let policy = FailingPolicy(base: ScriptedPolicy(answers: answers), marker: "Problem 1:")
            let dataset = TestSupport.dataset(["7"], count: 3)
            let summary = try await runner(store, policy).run(
                EvalPlan(strategies: [.majority], budgets: [2]), on: dataset)
            #expect(summary.finished == 2)
            #expect(summary.failures.map(\.key.problemID) == ["p1"])
            #expect(summary.failures.first?.message.contains("a problem this fake can solve") == true)
            #expect(!summary.isComplete)
            #expect(try await store.counts().runs == 2)
        }
    }

    @Test func badPlansFailBeforeAnyWork() async throws {
        try await withStore { store in
            let scripts = answers.map { ScriptedPolicy.Script(steps: ["The answer is $\\boxed{\($0)}$."]) }
            let policy = ScriptedPolicy(scripts: scripts, maxParallelSequences: 8)
            let dataset = TestSupport.dataset(["7"], count: 2)
            let runner = runner(store, policy)
            await #expect {
                try await runner.run(EvalPlan(strategies: [.majority], budgets: [4, 0]), on: dataset)
            } throws: { error in
                "\(error)" == "Invalid budget '0': expected at least 1"
            }
            await #expect {
                try await runner.run(EvalPlan(strategies: [.beam], budgets: [6]), on: dataset)
            } throws: { error in
                "\(error)".contains("Invalid n '6': expected a multiple of the beam width 4")
            }
            await #expect {
                try await runner.run(EvalPlan(strategies: [.cot, .majority], budgets: [16]), on: dataset)
            } throws: { error in
                "\(error)".contains("allows at most 8")
            }
            await #expect(throws: EvalError.self) {
                try await runner.run(EvalPlan(strategies: [], budgets: [4]), on: dataset)
            }
            #expect(policy.calls.isEmpty)
            let counts = try await store.counts()
            #expect(counts.runs == 0)
        }
    }

    @Test func dvtsStoresEachPathsSubtreeAndSubsamplesBySubtree() async throws {
        try await withStore { store in
            // Each subtree: four different first steps, then a boxed answer. Subtree k's best first step is
            // the one its scorer likes: all score alike here, so the first sibling is kept.
            let policy = StepScriptPolicy { path, sibling in
                path.isEmpty
                    ? StepScriptPolicy.Move("Step \(sibling).\n\n")
                    : StepScriptPolicy.Move("The answer is $\\boxed{7}$.", .endOfGeneration)
            }
            let runner = EvalRunner(
                store: store, policy: policy, verifier: ScriptedPRM(table: [:], default: 0.5), builder: builder)
            let plan = EvalPlan(strategies: [.dvts], budgets: [4, 8, 12])
            let summary = try await runner.run(plan, on: TestSupport.dataset(["7"], count: 1))
            #expect(summary.finished == 1)
            let run = try #require(try await store.snapshot().runs.first)
            let record = try #require(try await store.loadRecord(id: run.id))
            #expect(record.candidates.map(\.subtree) == [0, 1, 2])
            #expect(record.beamWidth == 4)
            #expect(record.costs.map(\.candidates) == [1, 2, 3])
            #expect(abs(record.costs[0].policy.generatedTokens * 3 - record.costs[2].policy.generatedTokens) < 1e-9)
            #expect(record.costs[2].policy.generatedTokens == Double(record.accounting.policy.usage.generatedTokens))
            #expect(record.selections.filter { $0.rule == "prm-last-vote" }.map(\.correct) == [true, true, true])
        }
    }
}

/// Collects progress snapshots.
final class ProgressLog: Sendable {
    private let snapshots = Mutex<[EvalProgress]>([])
    func append(_ progress: EvalProgress) { snapshots.withLock { $0.append(progress) } }
    var all: [EvalProgress] { snapshots.withLock { $0 } }
}
