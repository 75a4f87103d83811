import Foundation
import GRDB
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Testing

/// Best-of-N on stored majority samples (`--reuse-samples`): the same candidates, scores, selections and policy
/// compute as a Best-of-N run that draws its own, without calling the policy; clear failures otherwise.
@Suite struct SampleReuseTests {
    let grader = MathGrader(configuration: .voting)
    /// Sample i answers answers[i]; a verifier that likes 42.
    let answers = ["9", "42", "9", "9", "42", "7"]
    let verifier = ScriptedPRM { path in path.last?.contains("{42}") == true ? 0.9 : 0.2 }

    private func runner(_ store: EvalStore, policy: any PolicyModel, verifier: (any ProcessRewardModel)? = nil)
        -> EvalRunner
    {
        EvalRunner(
            store: store, policy: policy, verifier: verifier ?? self.verifier,
            builder: RecordBuilder(grading: grader, voting: grader), concurrency: 2)
    }

    /// A policy that throws if anything generates with it (its prompts still render): a run that generated
    /// would fail.
    private func silentPolicy(_ base: ScriptedPolicy) -> FailingPolicy {
        FailingPolicy(base: base, marker: "")
    }

    private func records(_ store: EvalStore, strategy: String) async throws -> [ProblemRunRecord] {
        var records: [ProblemRunRecord] = []
        for run in try await store.snapshot().runs where run.key.strategy == strategy {
            records.append(try #require(try await store.loadRecord(id: run.id)))
        }
        return records.sorted { $0.key.problemID < $1.key.problemID }
    }

    @Test(arguments: [VerifierMode.step, .outcome])
    func scoringStoredSamplesEqualsDrawingThem(mode: VerifierMode) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataset = TestSupport.dataset(["42", "9"], count: 2)
        let budgets = [2, 4, 6]

        // Best-of-N drawing its own samples, in one database.
        let drawn = try EvalStore(path: directory.appendingPathComponent("drawn.sqlite").path)
        _ = try await runner(drawn, policy: ScriptedPolicy(answers: answers)).run(
            EvalPlan(strategies: [.bestOfN], budgets: budgets, verifierMode: mode), on: dataset)

        // Majority vote, then Best-of-N on its stored samples with a policy that must not generate.
        let reused = try EvalStore(path: directory.appendingPathComponent("reused.sqlite").path)
        _ = try await runner(reused, policy: ScriptedPolicy(answers: answers)).run(
            EvalPlan(strategies: [.majority], budgets: budgets), on: dataset)
        var plan = EvalPlan(strategies: [.bestOfN], budgets: budgets, verifierMode: mode)
        plan.reuseSamples = true
        let summary = try await runner(reused, policy: silentPolicy(ScriptedPolicy(answers: answers))).run(
            plan, on: dataset)
        #expect(summary.finished == 2 && summary.failures.isEmpty)

        let fresh = try await records(drawn, strategy: "best-of-n")
        let scored = try await records(reused, strategy: "best-of-n")
        let majority = try await records(reused, strategy: "majority")
        #expect(fresh.count == 2 && scored.count == 2)
        for (new, old) in zip(scored, fresh) {
            #expect(new.key.parameters.contains(#""samples":"majority""#))
            #expect(!old.key.parameters.contains("samples"))
            #expect(new.candidates.map(\.text) == old.candidates.map(\.text))
            #expect(new.candidates.map(\.correct) == old.candidates.map(\.correct))
            #expect(new.candidates.map(\.usage) == old.candidates.map(\.usage))
            // Step mode scores every step (text is all the judge reads); outcome mode each whole solution.
            #expect(new.candidates.map(\.stepScores) == old.candidates.map(\.stepScores))
            #expect(new.candidates.map(\.outcomeScore) == old.candidates.map(\.outcomeScore))
            #expect(new.selections == old.selections)
            #expect(new.costs.map(\.budget) == old.costs.map(\.budget))
            #expect(new.costs.map(\.policy.generatedTokens) == old.costs.map(\.policy.generatedTokens))
            #expect(new.accounting.policy.usage == old.accounting.policy.usage)
            #expect(new.accounting.verifier?.usage == old.accounting.verifier?.usage)
            #expect(new.stopReason == .completed && new.samplesSpent == 6)
        }
        // PRM-max picks 42 where majority picks 9: problem p0 (gold 42) is right by the verifier only.
        let last = try #require(scored.first?.selections.first { $0.budget == 6 && $0.rule == "prm-last-max" })
        let vote = try #require(majority.first?.selections.first { $0.budget == 6 && $0.rule == "majority" })
        #expect(last.answer == "42" && last.correct)
        #expect(vote.answer == "9" && !vote.correct)
    }

    @Test func aSmallerBudgetScoresTheFirstSamplesAndPaysForThoseOnly() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let dataset = TestSupport.dataset(["42"], count: 1)
        _ = try await runner(store, policy: ScriptedPolicy(answers: answers)).run(
            EvalPlan(strategies: [.majority], budgets: [6]), on: dataset)
        var plan = EvalPlan(strategies: [.bestOfN], budgets: [1, 2])
        plan.reuseSamples = true
        _ = try await runner(store, policy: silentPolicy(ScriptedPolicy(answers: answers))).run(plan, on: dataset)

        let sources = try await records(store, strategy: "majority")
        let runs = try await records(store, strategy: "best-of-n")
        #expect(sources.count == 1 && runs.count == 1)
        let source = try #require(sources.first)
        let run = try #require(runs.first)
        #expect(run.key.budget == 2)
        #expect(run.candidates.map(\.text) == source.candidates.prefix(2).map(\.text))
        let firstTwo = source.candidates.prefix(2).map(\.usage).reduce(TokenUsage.zero, +)
        #expect(run.accounting.policy.usage == firstTwo)
        #expect(abs(run.accounting.policy.seconds - source.accounting.policy.seconds / 3) < 1e-9)
        #expect(verifier.calls.last?.count == 2, "two samples scored in one call")
        #expect(run.costs.map(\.budget) == [1, 2])
    }

    @Test func oneEvaluationRunsMajorityFirstThenScoresItsSamples() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let policy = ScriptedPolicy(answers: answers)
        // Best-of-N listed first: it still waits for the majority runs whose samples it scores.
        var plan = EvalPlan(strategies: [.bestOfN, .majority], budgets: [4])
        plan.reuseSamples = true
        let summary = try await runner(store, policy: policy).run(plan, on: TestSupport.dataset(["42", "9"], count: 3))
        #expect(summary.finished == 6 && summary.failures.isEmpty)
        #expect(policy.calls.count == 3, "one sampling call per problem, by majority vote")
    }

    @Test func withoutStoredSamplesTheRunFailsClearlyAndIsRetriedLater() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let dataset = TestSupport.dataset(["42"], count: 1)
        var plan = EvalPlan(strategies: [.bestOfN], budgets: [4])
        plan.reuseSamples = true
        let policy = ScriptedPolicy(answers: answers)

        // Majority at a smaller budget holds too few samples.
        _ = try await runner(store, policy: policy).run(EvalPlan(strategies: [.majority], budgets: [2]), on: dataset)
        let missing = try await runner(store, policy: policy).run(plan, on: dataset)
        #expect(missing.failures.count == 1)
        let failure = try #require(missing.failures.first)
        #expect(failure.message.contains("No stored majority run of problem 'p0' at N ≥ 4"))
        #expect(failure.message.contains("--strategies majority --budgets 4"))
        #expect(try await records(store, strategy: "best-of-n").isEmpty)

        _ = try await runner(store, policy: policy).run(EvalPlan(strategies: [.majority], budgets: [4]), on: dataset)
        let retried = try await runner(store, policy: policy).run(plan, on: dataset)
        #expect(retried.finished == 1 && retried.failures.isEmpty)
    }

    @Test(arguments: [VerifierMode.step, .outcome])
    func selfCertaintyScoresStoredSamplesFromTheirStoredLogProbabilities(mode: VerifierMode) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataset = TestSupport.dataset(["42", "9"], count: 2)
        // Each sample's own confidence: self-certainty prefers sample 1 (42) and then sample 4 (42).
        let confidences: [Float] = [-0.9, -0.05, -0.7, -0.6, -0.1, -1.3]
        let policy = { ScriptedPolicy(answers: self.answers, logProbabilities: confidences) }

        let drawn = try EvalStore(path: directory.appendingPathComponent("drawn.sqlite").path)
        _ = try await runner(drawn, policy: policy(), verifier: SelfCertainty()).run(
            EvalPlan(strategies: [.bestOfN], budgets: [6], verifierMode: mode), on: dataset)
        let reused = try EvalStore(path: directory.appendingPathComponent("reused.sqlite").path)
        _ = try await runner(reused, policy: policy()).run(EvalPlan(strategies: [.majority], budgets: [6]), on: dataset)
        var plan = EvalPlan(strategies: [.bestOfN], budgets: [6], verifierMode: mode)
        plan.reuseSamples = true
        let summary = try await runner(reused, policy: silentPolicy(policy()), verifier: SelfCertainty()).run(
            plan, on: dataset)
        #expect(summary.finished == 2 && summary.failures.isEmpty)

        let fresh = try await records(drawn, strategy: "best-of-n")
        let scored = try await records(reused, strategy: "best-of-n")
        #expect(fresh.count == 2 && scored.count == 2)
        for (new, old) in zip(scored, fresh) {
            #expect(new.key.verifier == "self-certainty")
            #expect(new.candidates.map(\.stepLogProbabilities) == old.candidates.map(\.stepLogProbabilities))
            #expect(new.candidates.map(\.stepScores) == old.candidates.map(\.stepScores))
            #expect(new.candidates.map(\.outcomeScore) == old.candidates.map(\.outcomeScore))
            #expect(new.selections == old.selections)
        }
        // Against hand-computed values: every token of sample 1 has log-probability −0.05.
        let candidate = try #require(scored.first?.candidates[1])
        switch mode {
        case .step: #expect(candidate.stepScores?.allSatisfy { abs($0 - exp(-0.05)) < 1e-6 } == true)
        case .outcome: #expect(abs((candidate.outcomeScore ?? 0) - exp(-0.05)) < 1e-6)
        }
        let pick = try #require(scored.first?.selections.first { $0.budget == 6 && $0.rule == "prm-last-max" })
        #expect(pick.answer == "42" && pick.correct, "majority picks 9 on p0; self-certainty picks 42")
    }

    @Test func samplesStoredWithoutLogProbabilitiesFailSelfCertaintyClearly() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("eval.sqlite").path
        let store = try EvalStore(path: path)
        let dataset = TestSupport.dataset(["42"], count: 1)
        _ = try await runner(store, policy: ScriptedPolicy(answers: answers)).run(
            EvalPlan(strategies: [.majority], budgets: [4]), on: dataset)
        // As a run stored before schema version 6 reads.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { try $0.execute(sql: "UPDATE candidate SET step_log_probabilities = NULL") }
        try queue.close()

        var plan = EvalPlan(strategies: [.bestOfN], budgets: [4])
        plan.reuseSamples = true
        let policy = ScriptedPolicy(answers: answers)
        let summary = try await runner(store, policy: silentPolicy(policy), verifier: SelfCertainty()).run(
            plan, on: dataset)
        let failure = try #require(summary.failures.first)
        #expect(summary.failures.count == 1)
        #expect(failure.message.contains("has no token log-probabilities"))
        #expect(failure.message.contains("leave out --reuse-samples"))
        #expect(try await records(store, strategy: "best-of-n").isEmpty)
        // A verifier that reads text still scores them.
        let judged = try await runner(store, policy: silentPolicy(policy)).run(plan, on: dataset)
        #expect(judged.finished == 1 && judged.failures.isEmpty)
    }

    @Test func adaptiveRunsAreRefusedBeforeAnyWork() async throws {
        var majorityOnly = EvalPlan(strategies: [.majority], budgets: [4])
        majorityOnly.reuseSamples = true
        #expect(throws: EvalError.self) { try majorityOnly.validated() }
        var adaptive = EvalPlan(strategies: [.bestOfN], budgets: [4], stopping: try StoppingRule(parsing: "beta:0.9"))
        adaptive.reuseSamples = true
        #expect(throws: EvalError.self) { try adaptive.validated() }
    }
}
