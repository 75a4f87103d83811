import Foundation
import GRDB
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Testing

/// Outcome-scored runs in the store: their own key (step runs keep theirs), the outcome score in the
/// `outcome_score` column, selections by outcome scores, and version-1 databases read and migrated.
@Suite struct OutcomeStoreTests {
    private let builder = RecordBuilder(
        grading: MathGrader(configuration: .voting), voting: MathGrader(configuration: .voting))

    private func withStore(_ body: (EvalStore) async throws -> Void) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path))
    }

    /// Samples answer 7, 7, 3, 7; the outcome judge gives 3 0.9 and 7 0.2, while step scores are all 0.5.
    private func runner(_ store: EvalStore, _ verifier: ScriptedPRM) -> EvalRunner {
        EvalRunner(
            store: store, policy: ScriptedPolicy(answers: ["7", "7", "3", "7"]), verifier: verifier, builder: builder,
            concurrency: 2)
    }

    private static func judge() -> ScriptedPRM {
        ScriptedPRM(score: { _ in 0.5 }, outcome: { $0.joined().contains("{3}") ? 0.9 : 0.2 })
    }

    /// Gold answers 7 (p0) and 3 (p1). At N = 4 the outcome scores are 0.2, 0.2, 0.9, 0.2: max picks 3 (0.9),
    /// and so does the vote (3: 0.9 against 7: 0.6). At N = 2 only the two 7s remain.
    @Test func outcomeRunsStoreTheirScoresAndSelectByThem() async throws {
        try await withStore { store in
            let plan = EvalPlan(
                strategies: [.majority, .bestOfN], budgets: [2, 4], rules: [.lastMax, .lastVote],
                verifierMode: .outcome)
            let summary = try await runner(store, Self.judge()).run(
                plan, on: TestSupport.dataset(["7", "3"], count: 2))
            #expect(summary.isComplete)
            let runs = try await store.snapshot().runs
            let majority = try #require(runs.first { $0.key.strategy == "majority" })
            #expect(!majority.key.parameters.contains("verifierMode"), "majority has no verifier: its key is as before")
            #expect(majority.candidates.allSatisfy { $0.outcomeScore == nil })

            for problem in ["p0", "p1"] {
                let run = try #require(runs.first { $0.key.strategy == "best-of-n" && $0.key.problemID == problem })
                #expect(run.key.parameters.contains(#""verifierMode":"outcome""#))
                #expect(run.candidates.map(\.outcomeScore) == [0.2, 0.2, 0.9, 0.2])
                #expect(run.candidates.allSatisfy { $0.stepScores == nil })
                let chosen = Dictionary(uniqueKeysWithValues: run.selections.map { ("\($0.budget) \($0.rule)", $0) })
                for rule in ["prm-last-max", "prm-last-vote"] {
                    #expect(chosen["4 \(rule)"]?.answer == "3")
                    #expect(chosen["2 \(rule)"]?.answer == "7")
                }
                #expect(chosen["4 prm-last-max"]?.correct == (problem == "p1"))
                #expect(chosen["4 majority"]?.answer == "7")
            }
            let bestOfN = try #require(runs.first { $0.key.strategy == "best-of-n" })
            let record = try #require(try await store.loadRecord(id: bestOfN.id))
            #expect(record.candidates.map(\.outcomeScore) == [0.2, 0.2, 0.9, 0.2])

            // The same matrix scored by steps is another run beside it.
            let stepped = try await runner(store, Self.judge()).run(
                EvalPlan(strategies: [.bestOfN], budgets: [4], rules: [.lastMax]),
                on: TestSupport.dataset(["7", "3"], count: 2))
            #expect(stepped.finished == 2, "not resumed from the outcome runs")
            let all = try await store.snapshot().runs.filter { $0.key.strategy == "best-of-n" }
            #expect(all.count == 4)
            #expect(all.filter { !$0.key.parameters.contains("verifierMode") }.count == 2)
        }
    }

    /// The key of a step-scored run is exactly what it was before outcome scoring existed, so stored runs resume;
    /// outcome mode changes it only for the strategies that use a verifier.
    @Test func theStoredConfigurationKeyNamesOutcomeModeOnlyWhereItApplies() {
        func key(_ strategy: StrategyKind, _ mode: VerifierMode) -> String {
            RunConfiguration(
                strategy: strategy, budget: 4, seed: 0, reportedBudgets: [4], rules: [.lastVote],
                primaryRule: .lastVote, sampling: SamplingParameters(maxTokens: 768),
                tree: TreeSearchParameters(budget: 4), promptStyle: PromptStyle(systemPrompt: "S"), verifierMode: mode
            ).parametersKey
        }
        let before =
            #"{"maxStepTokens":2048,"maxTokens":768,"stepDelimiter":"\n\n","systemPrompt":"S","temperature":0.7,"topK":0,"topP":1}"#
        #expect(key(.bestOfN, .step) == before)
        #expect(key(.majority, .outcome) == before)
        #expect(
            key(.bestOfN, .outcome)
                == #"{"maxStepTokens":2048,"maxTokens":768,"stepDelimiter":"\n\n","systemPrompt":"S","temperature":0.7,"topK":0,"topP":1,"verifierMode":"outcome"}"#
        )
        #expect(key(.dvts, .outcome).hasSuffix(#","verifierMode":"outcome"}"#))
    }

    /// A database written before outcome scores (schema version 1: camelCase columns and no outcome score) is read
    /// as it is by a read-only store, and migrated to version 3 (with the outcome column) when opened for writing.
    @Test func aVersionOneDatabaseIsReadAsItIsAndMigratedForWriting() async throws {
        try await withStore { store in
            _ = try await runner(store, Self.judge()).run(
                EvalPlan(strategies: [.bestOfN], budgets: [4], rules: [.lastMax]),
                on: TestSupport.dataset(["7"], count: 1))
            let path = store.path + ".v1"
            try LegacyStoreFixture.write(version: 1, from: store.path, to: path)

            let reader = try EvalStore(path: path, readOnly: true)
            let run = try #require(try await reader.snapshot().runs.first)
            #expect(run.candidates.count == 4)
            #expect(run.candidates.allSatisfy { $0.outcomeScore == nil })
            #expect(try await reader.loadRecord(id: run.id)?.candidates.count == 4)
            #expect(try LegacyStoreFixture.userVersion(path) == 1)

            let writer = try EvalStore(path: path)
            let summary = try await runner(writer, Self.judge()).run(
                EvalPlan(strategies: [.bestOfN], budgets: [4], rules: [.lastMax], verifierMode: .outcome),
                on: TestSupport.dataset(["7"], count: 1))
            #expect(summary.finished == 1)
            #expect(try LegacyStoreFixture.userVersion(path) == EvalStore.schemaVersion)
            let outcome = try #require(
                try await writer.snapshot().runs.first { $0.key.parameters.contains("verifierMode") })
            #expect(outcome.candidates.map(\.outcomeScore) == [0.2, 0.2, 0.9, 0.2])
        }
    }

    /// `ponder judge`'s choice of candidates: by strategy, by each run's first samples, and only the problems with
    /// both right and wrong ones. Majority@8 samples answer 7, 7, 3, 7 (twice) on problems whose gold is 7, 3 and 5;
    /// equal texts count once, so each problem has two candidates (7 and 3), and the first two samples one (7).
    @Test func judgeItemsAreChosenByStrategySamplesAndMixedProblems() async throws {
        try await withStore { store in
            let dataset = TestSupport.dataset(["7", "3", "5"], count: 3)
            _ = try await runner(store, Self.judge()).run(
                EvalPlan(strategies: [.majority], budgets: [8]), on: dataset)
            func verdicts(_ items: [JudgeEvaluation.Item]) -> [String] {
                items.map { "\($0.problem.id) \($0.steps.joined().contains("{7}") ? 7 : 3) \($0.correct)" }
            }
            let all = try await JudgeEvaluation.items(from: store, dataset: dataset)
            #expect(
                Set(verdicts(all)) == [
                    "p0 7 true", "p0 3 false", "p1 7 false", "p1 3 true", "p2 7 false", "p2 3 false",
                ])
            #expect(
                Set(verdicts(JudgeEvaluation.mixedProblems(all))) == [
                    "p0 7 true", "p0 3 false", "p1 7 false", "p1 3 true",
                ])
            let firstTwo = try await JudgeEvaluation.items(from: store, dataset: dataset, samples: 2)
            #expect(Set(verdicts(firstTwo)) == ["p0 7 true", "p1 7 false", "p2 7 false"])
            #expect(JudgeEvaluation.mixedProblems(firstTwo).isEmpty)
            #expect(try await JudgeEvaluation.items(from: store, dataset: dataset, strategy: "majority").count == 6)
            #expect(try await JudgeEvaluation.items(from: store, dataset: dataset, strategy: "best-of-n").isEmpty)
        }
    }

    /// The signals that need no model, measured among each run's candidates with copies counted. Majority@4 samples
    /// answer 7, 7, 3, 7 on problems whose gold is 7, 3 and 7: the 7s agree 3 of 4 (0.75, though their equal texts
    /// are one item), the 3 1 of 4. Right scores 0.75, 0.25, 0.75 against wrong 0.25, 0.75, 0.25: within problems
    /// AUROC 1, 0, 1 (mean 2/3); pooled, each right 0.75 beats two wrong 0.25s and ties a 0.75 (2.5 of 3 twice), the
    /// right 0.25 ties two (1 of 3): 6/9. Every scripted sample ends by itself, so "finished" cannot tell them apart.
    @Test func judgeSignalsAreMeasuredAmongTheRunsCandidates() async throws {
        try await withStore { store in
            let dataset = TestSupport.dataset(["7", "3", "7"], count: 3)
            _ = try await runner(store, Self.judge()).run(
                EvalPlan(strategies: [.majority], budgets: [4]), on: dataset)
            let items = try await JudgeEvaluation.items(
                from: store, dataset: dataset, samples: 4, voting: MathGrader(configuration: .voting))
            #expect(items.count == 6)
            let evaluation = JudgeEvaluation(items: items)
            let agreement = try #require(evaluation.measure(signal: .agreement))
            #expect(agreement.candidates == 6)
            #expect(agreement.correct == 3)
            #expect(abs((agreement.withinAUROC ?? 0) - 2.0 / 3) < 1e-12)
            #expect(agreement.withinProblems == 3)
            #expect(abs((agreement.pooledAUROC ?? 0) - 6.0 / 9) < 1e-12)
            #expect(abs((agreement.meanRight ?? 0) - 1.75 / 3) < 1e-12)
            #expect(abs((agreement.meanWrong ?? 0) - 1.25 / 3) < 1e-12)
            let finished = try #require(evaluation.measure(signal: .finished))
            #expect(finished.pooledAUROC == 0.5)
            let unvoted = try await JudgeEvaluation.items(from: store, dataset: dataset, samples: 4)
            #expect(JudgeEvaluation(items: unvoted).measure(signal: .agreement) == nil, "no grader, no agreement")
            let single = try await JudgeEvaluation.items(
                from: store, dataset: dataset, samples: 1, voting: MathGrader(configuration: .voting))
            #expect(JudgeEvaluation(items: single).measure(signal: .agreement) == nil, "one candidate, no choice")
        }
    }

    /// `ponder judge`'s measurement: AUROC pooled and within problems, against hand-worked scores.
    /// Problem a: right 0.9, wrong 0.4 and 0.95 → within 0.5; problem b: right 0.8, wrong 0.1 → within 1.
    /// Pooled: right {0.9, 0.8} against wrong {0.4, 0.95, 0.1}: pairs won 2 + 2 of 6 → 4/6.
    @Test func judgeMeasurementsCompareScoresWithCorrectness() async throws {
        let items = [
            ("a", "right a", true), ("a", "wrong a", false), ("a", "loud a", false), ("b", "right b", true),
            ("b", "wrong b", false),
        ].map { JudgeEvaluation.Item(problem: Problem(id: $0.0, statement: $0.0), steps: [$0.1], correct: $0.2) }
        let scores = ["right a": 0.9, "wrong a": 0.4, "loud a": 0.95, "right b": 0.8, "wrong b": 0.1]
        let judge = ScriptedPRM(score: { _ in 0 }, outcome: { scores[$0.joined()] ?? -1 })
        let measurement = try await JudgeEvaluation(items: items).measure(judge, mode: .outcome)
        #expect(judge.outcomeCalls.map(\.count) == [3, 2], "one call per problem")
        #expect(measurement.candidates == 5)
        #expect(measurement.correct == 2)
        #expect(measurement.problems == 2)
        #expect(abs((measurement.pooledAUROC ?? 0) - 4.0 / 6) < 1e-12)
        #expect(abs((measurement.withinAUROC ?? 0) - 0.75) < 1e-12)
        #expect(measurement.withinProblems == 2)
        #expect(abs((measurement.meanRight ?? 0) - 0.85) < 1e-12)
        #expect(measurement.promptTokensEvaluated == 5)
    }

    /// `ponder judge --details`: one CSV row per item, in order, with its place within its problem, the signals it
    /// carries (an empty cell for one it lacks) and each judge's score from its measurement.
    @Test func judgeDetailsListEveryCandidatesSignalsAndScores() async throws {
        let items = [
            JudgeEvaluation.Item(
                problem: Problem(id: "a", statement: "a"), steps: ["x", "so \\boxed{7}"], correct: true, answer: "7",
                signals: [.agreement: 0.75, .finished: 1]),
            JudgeEvaluation.Item(
                problem: Problem(id: "a", statement: "a"), steps: ["y, z"], correct: false, answer: "3, 4",
                signals: [.agreement: 0.25]),
            JudgeEvaluation.Item(problem: Problem(id: "b", statement: "b"), steps: ["w"], correct: false),
        ]
        let scores = ["xso \\boxed{7}": 0.9, "y, z": 0.4, "w": 0.1]
        let judge = ScriptedPRM(score: { _ in 0 }, outcome: { scores[$0.joined()] ?? -1 })
        let evaluation = JudgeEvaluation(items: items)
        let measurement = try await evaluation.measure(judge, mode: .outcome)
        #expect(measurement.scores == [0.9, 0.4, 0.1])
        #expect(evaluation.measure(signal: .agreement)?.scores == [0.75, 0.25], "only the items that carry it")
        let table = evaluation.details(judged: [("final-answer", measurement.scores)])
        #expect(
            table.header == [
                "problem_id", "candidate", "correct", "answer", "steps", "agreement", "self-certainty", "brevity",
                "finished", "final-answer",
            ])
        #expect(
            table.rows == [
                ["a", "0", "true", "7", "2", "0.75", "", "", "1.0", "0.9"],
                ["a", "1", "false", "3, 4", "1", "0.25", "", "", "", "0.4"],
                ["b", "0", "false", "", "1", "", "", "", "", "0.1"],
            ])
        #expect(table.text.contains("\"3, 4\""), "a comma in an answer is quoted")
    }
}
