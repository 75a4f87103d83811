import Foundation
import GRDB
import PonderCore
import PonderMath
import PonderTesting
import Testing

@testable import PonderEval

/// Stopping rules replayed on stored samples equal live runs with the rule, and evaluations with a rule are
/// stored under their own key with their stop reason.
@Suite struct StoppingReplayTests {
    let problem = Problem(id: "p", statement: "What is 6 * 7?", referenceAnswer: "42")
    let sampling = SamplingParameters(seed: 3)
    let grader = MathGrader(configuration: .voting)
    let answers = ["9", "42", "9", "42", "42", "42", "42", "42", "42", "42"]

    /// The live run: samples finish one at a time (in sample order unless `finishOrder` says otherwise), each only
    /// after the search has taken in the one before.
    private func live(
        _ strategy: any SearchStrategy, answers: [String]? = nil, verifier: (any ProcessRewardModel)? = nil,
        finishOrder: [Int]? = nil
    ) async throws -> SearchResult {
        let policy = PacedPolicy(
            answers: answers ?? self.answers, sampling: sampling, allowed: 1, finishOrder: finishOrder)
        var context = SearchContext(policy: policy, grader: grader)
        if let verifier { context.verifier = verifier }
        context.progress = { progress in
            if let finished = progress.call?.finished { policy.allow(upTo: finished + 1) }
        }
        return try await strategy.search(problem, in: context)
    }

    /// The fixed-budget run's samples as the store keeps them, in generation order.
    private func stored(_ result: SearchResult) -> [StoppingReplay.Sample] {
        result.candidates.map { candidate in
            StoppingReplay.Sample(
                answer: candidate.answer?.text,
                correct: candidate.answer.map { grader.isEquivalent("42", $0.text) } ?? false,
                score: candidate.score, generatedTokens: candidate.generatedTokens)
        }
    }

    @Test(arguments: ["beta:0.9", "beta:0.95", "beta:0.99", "dirichlet:0.9", "dirichlet:0.99", "decided"])
    func majorityReplayEqualsTheLiveRun(text: String) async throws {
        let rule = try StoppingRule(parsing: text)
        let fixed = try await MajorityVote(n: answers.count, parameters: sampling).search(
            problem, in: SearchContext(policy: ScriptedPolicy(answers: answers), grader: grader))
        let replayed = StoppingReplay.replay(stored(fixed), rule: rule, selection: .majority, grader: grader)
        let result = try await live(try MajorityVote(n: answers.count, parameters: sampling, stopping: rule))
        #expect(replayed.samples == result.samplesSpent)
        #expect(replayed.reason == result.stopReason)
        #expect(replayed.answer == result.answer)
    }

    /// Samples that finish out of sample order (as shorter ones do on a batching engine) change nothing: the rule
    /// decides in sample order, so the live run stops where the replay stops, with the same answer.
    @Test(arguments: ["beta:0.8", "beta:0.9", "dirichlet:0.9", "decided", "beta:0.8/give-up=0.5"])
    func majorityReplayEqualsALiveRunWhoseSamplesFinishOutOfOrder(text: String) async throws {
        let rule = try StoppingRule(parsing: text)
        let fixed = try await MajorityVote(n: answers.count, parameters: sampling).search(
            problem, in: SearchContext(policy: ScriptedPolicy(answers: answers), grader: grader))
        let replayed = StoppingReplay.replay(stored(fixed), rule: rule, selection: .majority, grader: grader)
        let result = try await live(
            try MajorityVote(n: answers.count, parameters: sampling, stopping: rule),
            finishOrder: [2, 0, 4, 1, 3, 6, 5, 8, 9, 7])
        #expect(replayed.samples == result.samplesSpent)
        #expect(replayed.reason == result.stopReason)
        #expect(replayed.answer == result.answer)
    }

    /// A rule that gives up, replayed on dispersed samples, stops where the live run stops and says why.
    @Test func aGiveUpReplayEqualsTheLiveRun() async throws {
        let dispersed = ["1", "2", "3", "42", "5", "42", "7", "8"]
        let rule = try StoppingRule(parsing: "beta:0.8/give-up=0.5")
        let fixed = try await MajorityVote(n: dispersed.count, parameters: sampling).search(
            problem, in: SearchContext(policy: ScriptedPolicy(answers: dispersed), grader: grader))
        let replayed = StoppingReplay.replay(stored(fixed), rule: rule, selection: .majority, grader: grader)
        let result = try await live(
            try MajorityVote(n: dispersed.count, parameters: sampling, stopping: rule), answers: dispersed)
        #expect(result.stopReason == .dispersed)
        #expect(replayed.reason == .dispersed)
        #expect(replayed.samples == result.samplesSpent)
        #expect(replayed.answer == result.answer)
    }

    @Test func weightedBestOfNReplayEqualsTheLiveRun() async throws {
        // Samples answering 42 score 0.8, the others 0.3.
        let verifier = ScriptedPRM { path in path.last?.contains("{42}") == true ? 0.8 : 0.3 }
        for text in ["weighted-beta:0.9", "weighted-dirichlet:0.9", "beta:0.9"] {
            let rule = try StoppingRule(parsing: text)
            let fixed = try await BestOfN(n: answers.count, parameters: sampling, selection: .lastVote).search(
                problem, in: SearchContext(policy: ScriptedPolicy(answers: answers), verifier: verifier, grader: grader)
            )
            let replayed = StoppingReplay.replay(stored(fixed), rule: rule, selection: .lastVote, grader: grader)
            let result = try await live(
                try BestOfN(n: answers.count, parameters: sampling, selection: .lastVote, stopping: rule),
                verifier: verifier)
            #expect(replayed.samples == result.samplesSpent, "\(text)")
            #expect(replayed.answer == result.answer, "\(text)")
            #expect(replayed.samples < answers.count, "\(text) settles before N")
        }
    }

    /// A store in `directory` holding majority runs at `budgets` on one problem per gold answer, every problem's
    /// samples answering `answers` in sample order.
    private func storedMajority(
        answers: [String], budgets: [Int], golds: [String], in directory: URL
    ) async throws -> EvalStore {
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let runner = EvalRunner(
            store: store, policy: ScriptedPolicy(answers: answers), verifier: ScriptedPRM(table: [:], default: 0.5),
            builder: RecordBuilder(grading: grader, voting: grader), concurrency: 1)
        _ = try await runner.run(
            EvalPlan(strategies: [.majority], budgets: budgets), on: TestSupport.dataset(golds, count: golds.count))
        return store
    }

    @Test func theReportReplaysRulesOnStoredRuns() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await storedMajority(
            answers: ["7", "7", "7", "3", "7", "7", "7", "7"], budgets: [4, 8], golds: ["7", "3"], in: directory)
        let rules = [try StoppingRule(parsing: "beta:0.9"), try StoppingRule(parsing: "weighted-beta:0.9")]
        let summary = try EvalSummary(snapshot: try await store.snapshot(), stoppingRules: rules, grader: grader)
        let row = try #require(summary.stoppingReplay.only)
        #expect(row.rule == "beta:0.9")
        #expect(row.runs == 2)
        #expect(row.budget == 8)
        // Three 7s settle beta:0.9 (P = 0.9375); problem p0 (gold 7) is right, p1 (gold 3) wrong either way.
        #expect(row.meanSamples == 3)
        #expect(row.accuracy == 0.5)
        #expect(row.fixedAccuracy == 0.5)
        #expect(row.meanFLOPs < row.fixedFLOPs)
        #expect(row.lost == 0 && row.gained == 0)
        #expect(row.outcomes.map(\.problemID) == ["p0", "p1"])
        #expect(row.outcomes.map(\.samples) == [3, 3])
        #expect(row.outcomes.map(\.reason) == [.settled, .settled])
        #expect(row.outcomes.map(\.correct) == [true, false])
        #expect(row.outcomes.map(\.fixedCorrect) == [true, false])
        // What `ponder eval --replay-stop` prints: the same rows, without the rest of the summary.
        let direct = StoppingReplay.rows(
            snapshot: try await store.snapshot(), dataset: "toy", rules: rules, grader: grader)
        #expect(direct == summary.stoppingReplay)
        #expect(StoppingReplay.markdown(direct).contains("| majority | beta:0.9 | majority | 2 | 8 | 50.0% |"))
        let written = try ReportWriter(summary: summary, databasePath: "eval.sqlite").write(
            to: directory.appendingPathComponent("report").path, png: .never)
        let markdown = try String(
            contentsOfFile: try #require(written.files.first { $0.hasSuffix("summary.md") }), encoding: .utf8)
        #expect(markdown.contains("Stopping rules replayed on stored samples"))
        #expect(written.files.contains { $0.hasSuffix("stopping.csv") })
        let perRun = try String(
            contentsOfFile: try #require(written.files.first { $0.hasSuffix("stopping-runs.csv") }), encoding: .utf8)
        let lines = perRun.split(whereSeparator: \.isNewline).map(String.init)
        #expect(
            lines.first == "series,stopping_rule,selection,problem_id,seed,budget,samples,reason,correct,fixed_correct")
        #expect(lines.count == 3, "a row per problem run")
        #expect(lines.dropFirst().allSatisfy { $0.contains(",beta:0.9,majority,") && $0.contains(",8,3,settled,") })
    }

    /// A rule that settles on the first two samples' answer loses the problem whose answer the rest out-vote, and
    /// gains the one where the rest out-vote the right answer; the table counts both.
    @Test func theReplayCountsTheRunsARuleLosesAndGains() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await storedMajority(
            answers: ["7", "7", "3", "3", "3", "3", "3", "3"], budgets: [8], golds: ["7", "3"], in: directory)
        // Two 7s settle beta:0.8 (P = 0.875): right for p0 (gold 7), where all eight vote 3; wrong for p1 (gold 3).
        let summary = try EvalSummary(
            snapshot: try await store.snapshot(), stoppingRules: [try StoppingRule(parsing: "beta:0.8")],
            grader: grader)
        let row = try #require(summary.stoppingReplay.only)
        #expect(row.outcomes.map(\.correct) == [true, false])
        #expect(row.outcomes.map(\.fixedCorrect) == [false, true])
        #expect(row.lost == 1)
        #expect(row.gained == 1)
        #expect(ReportTables(summary: summary).stoppingReplay.markdown.contains("| 1 / 1 |"))
    }

    /// With a budget, the rules replay on each run's first samples, as a live run of that budget would decide.
    @Test func aReplayBudgetReplaysTheFirstSamples() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await storedMajority(
            answers: ["7", "3", "7", "7", "7", "7", "7", "7"], budgets: [8], golds: ["7"], in: directory)
        let rule = try StoppingRule(parsing: "beta:0.9")
        let full = try #require(
            try EvalSummary(snapshot: try await store.snapshot(), stoppingRules: [rule], grader: grader)
                .stoppingReplay.only)
        // 7, 3, 7, 7, 7, 7: the sixth sample gives the 7s five votes to one (P = 120/128 = 0.9375 ≥ 0.9; four to one
        // is 57/64 = 0.8906).
        #expect(full.outcomes.map(\.samples) == [6])
        #expect(full.outcomes.map(\.reason) == [.settled])
        #expect(full.budget == 8)
        let capped = try #require(
            try EvalSummary(
                snapshot: try await store.snapshot(), stoppingRules: [rule], stoppingBudgets: [2], grader: grader
            ).stoppingReplay.only)
        // Of two samples (7, 3) nothing settles; the vote on both goes to the first seen, 7.
        #expect(capped.budget == 2)
        #expect(capped.outcomes.map(\.budget) == [2])
        #expect(capped.outcomes.map(\.samples) == [2])
        #expect(capped.outcomes.map(\.reason) == [.completed])
        #expect(capped.outcomes.map(\.fixedCorrect) == [true])
        #expect(capped.fixedFLOPs < full.fixedFLOPs, "two samples' compute, not eight")
    }

    /// Several budgets give a row per budget and rule, each the row a replay at that budget alone gives.
    @Test func severalReplayBudgetsGiveARowEach() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await storedMajority(
            answers: ["7", "3", "7", "7", "7", "7", "7", "7"], budgets: [8], golds: ["7"], in: directory)
        let rules = try ["beta:0.9", "decided"].map { try StoppingRule(parsing: $0) }
        let snapshot = try await store.snapshot()
        let rows = try EvalSummary(snapshot: snapshot, stoppingRules: rules, stoppingBudgets: [2, 8], grader: grader)
            .stoppingReplay
        #expect(rows.map(\.budget) == [2, 2, 8, 8])
        #expect(rows.map(\.rule) == ["beta:0.9", "decided", "beta:0.9", "decided"])
        // At 2 nothing settles; at 8 beta:0.9 settles at the sixth sample (above), and `decided` once the 7s
        // cannot be caught: five to one after six, two left.
        #expect(rows.map { $0.outcomes.map(\.samples) } == [[2], [2], [6], [6]])
        for budget in [2, 8] {
            let alone = try EvalSummary(
                snapshot: snapshot, stoppingRules: rules, stoppingBudgets: [budget], grader: grader
            ).stoppingReplay
            #expect(alone == rows.filter { $0.budget == budget })
        }
    }

    @Test func anEvaluationWithARuleIsStoredUnderItsOwnKeyWithItsStopReason() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let dataset = TestSupport.dataset(["7"], count: 1)
        // The problem's seed under the plan's seed (0) replaces the sampling seed, so the paced samples are keyed
        // by its samples' seeds.
        let policy = PacedPolicy(
            answers: Array(repeating: "7", count: 8),
            sampling: SamplingParameters(seed: SeedScheme.problemSeed(run: 0, problemID: "p0")), allowed: 4)
        let runner = EvalRunner(
            store: store, policy: policy, verifier: ScriptedPRM(table: [:], default: 0.5),
            builder: RecordBuilder(grading: grader, voting: grader), concurrency: 1)
        let rule = try StoppingRule(parsing: "beta:0.95")
        let plan = EvalPlan(strategies: [.majority], budgets: [2, 8], stopping: rule)
        let configurations = plan.configurations
        #expect(configurations.map(\.reportedBudgets) == [[8]], "an adaptive run is no base for subsampling")
        let fixedKey = EvalPlan(strategies: [.majority], budgets: [8]).configurations[0]
            .parametersKey
        #expect(!fixedKey.contains("stopping"), "keys of fixed runs are unchanged")
        #expect(configurations[0].parametersKey.contains("\"stopping\":\"beta:0.95\""))

        let summary = try await runner.run(plan, on: dataset)
        #expect(summary.finished == 1)
        let run = try #require(try await store.snapshot().runs.only)
        let record = try #require(try await store.loadRecord(id: run.id))
        #expect(record.stopReason == .settled)
        #expect(record.samplesSpent == 4)
        #expect(Set(policy.cancelledSamples) == [4, 5, 6, 7])
        let columns = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchOne(db, sql: "SELECT stop_reason, samples_spent FROM run")
        }
        #expect(columns?["stop_reason"] == "settled")
        #expect(columns?["samples_spent"] == 4)
    }
}

extension Array {
    /// The one element, or `nil` unless there is exactly one.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
