import Foundation
import GRDB
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Testing

/// Outcome-scored runs in the store: their own key (step runs keep theirs), the outcome score in the
/// `outcomeScore` column, selections by outcome scores, and version-1 databases read and migrated.
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

    /// A database written before outcome scores (schema version 1, no `outcomeScore` column) is read as it is
    /// by a read-only store, and gains the column when opened for writing.
    @Test func aVersionOneDatabaseIsReadAsItIsAndMigratedForWriting() async throws {
        try await withStore { store in
            _ = try await runner(store, Self.judge()).run(
                EvalPlan(strategies: [.bestOfN], budgets: [4], rules: [.lastMax]),
                on: TestSupport.dataset(["7"], count: 1))
            let queue = try DatabaseQueue(path: store.path)
            try await queue.writeWithoutTransaction { db in
                try db.execute(sql: "ALTER TABLE candidate DROP COLUMN \(StoredCandidate.outcomeScoreColumn)")
                try db.execute(sql: "ALTER TABLE run DROP COLUMN stop_reason")
                try db.execute(sql: "ALTER TABLE run DROP COLUMN samples_spent")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v2', 'v4')")
                try db.execute(sql: "PRAGMA user_version = 1")
            }
            try queue.close()

            let reader = try EvalStore(path: store.path, readOnly: true)
            let run = try #require(try await reader.snapshot().runs.first)
            #expect(run.candidates.count == 4)
            #expect(try await reader.loadRecord(id: run.id)?.candidates.count == 4)
            #expect(
                try await DatabaseQueue(path: store.path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1
            )

            let writer = try EvalStore(path: store.path)
            let summary = try await runner(writer, Self.judge()).run(
                EvalPlan(strategies: [.bestOfN], budgets: [4], rules: [.lastMax], verifierMode: .outcome),
                on: TestSupport.dataset(["7"], count: 1))
            #expect(summary.finished == 1)
            let version = try await DatabaseQueue(path: store.path).read {
                try Int.fetchOne($0, sql: "PRAGMA user_version")
            }
            #expect(version == 4)
            let outcome = try #require(
                try await writer.snapshot().runs.first { $0.key.parameters.contains("verifierMode") })
            #expect(outcome.candidates.map(\.outcomeScore) == [0.2, 0.2, 0.9, 0.2])
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
}
