import Foundation
import PonderCore
import PonderEval
import PonderLlama
import PonderMath
import PonderTesting
import Testing

/// `ponder eval`'s library end to end on the real 0.5B policy: three MATH-500 problems, majority vote at N = 4.
extension RealModels {
    @Suite(
        .serialized,
        .enabled(if: TestModel.isAvailable, "model not installed: run `make models`"),
        .enabled(if: SharedData.isAvailable, "shared data missing: set PONDER_DATA_DIR"))
    struct EvalIntegrationTests {
        @Test func majorityOnThreeMath500ProblemsIsStoredGradedResumedAndReported() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-eval-real-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }

            let ids = try ProblemIDList.load(path: SharedData.directory + "/math500-s100.json")
            let dataset = try DatasetSelection(ids: ids, limit: 3)
                .apply(to: Dataset.load(path: SharedData.directory + "/math500.jsonl"))
            let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
            let engine = try await TestModel.engine()
            let grading = MathGrader(configuration: .grading)
            let runner = EvalRunner(
                store: store, policy: LlamaPolicy(engine: engine), verifier: SelfCertainty(),
                builder: RecordBuilder(grading: grading, voting: MathGrader(configuration: .voting)), concurrency: 3)
            let plan = EvalPlan(
                strategies: [.majority], budgets: [1, 2, 4], sampling: SamplingParameters(maxTokens: 256))

            let summary = try await runner.run(plan, on: dataset)
            #expect(summary.isComplete)
            #expect(summary.finished == 3)
            #expect(try await store.counts() == EvalStore.Counts(runs: 3, candidates: 12, selections: 9, costs: 9))

            let snapshot = try await store.snapshot()
            for run in snapshot.runs {
                let record = try #require(try await store.loadRecord(id: run.id))
                #expect(record.key.policy == engine.descriptor.name)
                #expect(record.candidates.count == 4)
                for candidate in record.candidates {
                    // Correctness is the grader's verdict against the gold answer, nothing else.
                    let expected =
                        candidate.answer.map { grading.judge(gold: record.gold, prediction: $0).isEquivalent } ?? false
                    #expect(candidate.correct == expected)
                    #expect(candidate.generatedTokens <= 256)
                    #expect(candidate.generatedTokens > 0)
                }
                // The prompt is evaluated once and shared; every sample's tokens add up to the run's.
                let usage = record.accounting.policy.usage
                #expect(record.candidates.reduce(0) { $0 + $1.usage.generatedTokens } == usage.generatedTokens)
                #expect(record.candidates.dropFirst().allSatisfy { $0.usage.promptTokensReused > 0 })
                #expect(
                    record.accounting.policy.flops == 2 * Double(engine.descriptor.parameterCount)
                        * Double(usage.processedTokens))
                // Budget 4 is the measured run; budget 1 is the first sample and the prompt.
                let costs = Dictionary(uniqueKeysWithValues: record.costs.map { ($0.budget, $0) })
                #expect(costs[4]?.policy.generatedTokens == Double(usage.generatedTokens))
                #expect(costs[1]?.policy.generatedTokens == Double(record.candidates[0].generatedTokens))
                #expect(costs[1]?.policy.promptTokensEvaluated == Double(usage.promptTokensEvaluated))
            }

            // A second run finds everything stored and does no work.
            let again = try await runner.run(plan, on: dataset)
            #expect(again.resumed == 3)
            #expect(again.finished == 0)
            #expect(try await store.counts().runs == 3)

            let report = try EvalSummary(snapshot: snapshot, bootstrap: Bootstrap(resamples: 500))
            #expect(report.problems == 3)
            #expect(report.series.map(\.key.strategy) == ["majority"])
            #expect(report.series[0].budgets.map(\.budget) == [1, 2, 4])
            let output = try ReportWriter(summary: report, databasePath: store.path)
                .write(to: directory.appendingPathComponent("report").path, png: .never)
            // 9 report files, and the verifier diagnostics' 4 CSV tables and 3 SVG plots.
            #expect(output.files.count == 9 + 7)
            let svg = try String(
                contentsOfFile: directory.appendingPathComponent("report/accuracy-vs-budget.svg").path, encoding: .utf8)
            #expect(svg.components(separatedBy: "class=\"series\"").count == 2)
        }

        /// `ponder eval --replay-stop` prints the stopping rules replayed on the stored samples after its runs; run
        /// again, it generates nothing and prints the same table.
        @Test func evalPrintsTheStoppingReplayAfterItsRuns() async throws {
            let path = try #require(TestModel.path)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ponder-eval-replay-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let command = [
                "eval", "--dataset", SharedData.directory + "/math500.jsonl", "--ids",
                SharedData.directory + "/math500-s100.json", "--limit", "1", "--strategies", "majority", "--budgets",
                "4", "--max-tokens", "96", "--concurrency", "1", "--model", path, "--db",
                directory.appendingPathComponent("eval.sqlite").path, "--replay-stop", "decided,beta:0.8",
                "--replay-budget", "2",
            ]
            let first = try await PonderExecutable.run(command)
            #expect(first.status == 0, "stderr: \(first.stderr)")
            #expect(first.stdout.contains("Stored 1 new problem runs"), "stdout: \(first.stdout)")
            let table = try #require(
                first.stdout.range(of: "### Stopping rules replayed on stored samples").map {
                    String(first.stdout[$0.lowerBound...])
                })
            // One row per rule, each on the first 2 of the run's 4 samples.
            #expect(table.contains("| majority | decided | majority | 1 | 2 |"), "\(table)")
            #expect(table.contains("| majority | beta:0.8 | majority | 1 | 2 |"), "\(table)")

            let again = try await PonderExecutable.run(command)
            #expect(again.status == 0, "stderr: \(again.stderr)")
            #expect(again.stdout.contains("Stored 0 new problem runs"), "stdout: \(again.stdout)")
            #expect(again.stdout.hasSuffix(table), "the same table from the same stored samples")
        }
    }
}
