import Foundation
import GRDB
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Testing

/// Beam search and DVTS with a stopping rule in evaluations: the run key changes only for runs with a rule,
/// an adaptive DVTS run is not subsampled, and the store records its stop reason and the paths it spent.
@Suite struct AnytimeTreeEvalTests {
    let grader = MathGrader(configuration: .voting)

    @Test func aTreeRunsKeyChangesOnlyWithARule() throws {
        var shared = EvalPlan(strategies: [.dvts, .beam], budgets: [4, 16])
        shared.seedScheme = .shared
        let fixed = shared.configurations
        // The key of a DVTS run without a rule (and with shared seeds), as main wrote it before tree search took
        // rules.
        #expect(
            fixed[0].parametersKey
                == #"{"beamWidth":4,"lookahead":0,"maxDepth":40,"maxStepTokens":2048,"maxTokens":8192,"retries":3,"#
                + #""stepDelimiter":"\n\n","systemPrompt":"Please reason step by step, and put your final answer "#
                + #"within \\boxed{}.","temperature":0.7,"topK":0,"topP":1}"#)
        #expect(fixed.map(\.strategy) == [.dvts, .beam, .beam])
        #expect(fixed[0].reportedBudgets == [4, 16], "a fixed DVTS run is subsampled by subtrees")
        #expect(fixed.allSatisfy { $0.stopping == nil && !$0.parametersKey.contains("stopping") })

        let rule = try StoppingRule(parsing: "weighted-beta:0.9")
        let plan = try EvalPlan(strategies: [.dvts, .beam], budgets: [4, 16], stopping: rule).validated()
        let adaptive = plan.configurations
        #expect(adaptive.map(\.strategy) == [.dvts, .beam, .beam])
        #expect(adaptive.map(\.budget) == [16, 4, 16])
        #expect(adaptive[0].reportedBudgets == [16], "an adaptive DVTS run is no base for subsampling")
        #expect(adaptive.allSatisfy { $0.stopping == rule })
        #expect(adaptive.allSatisfy { $0.parametersKey.contains(#""stopping":"weighted-beta:0.9""#) })
        #expect(adaptive[0].parametersKey != fixed[0].parametersKey)
        let strategy = try #require(try adaptive[0].makeStrategy() as? TreeSearch)
        #expect(strategy.stopping == rule)
    }

    @Test func otherStrategiesStillRefuseARule() throws {
        let rule = try StoppingRule(parsing: "beta:0.9")
        #expect(throws: (any Error).self) {
            try EvalPlan(strategies: [.particleFilter], budgets: [4], stopping: rule).validated()
        }
        #expect(throws: PonderError.self) {
            try StrategyKind.particleFilter.makeStrategy(
                tree: TreeSearchParameters(budget: 4), parameters: SamplingParameters(), stopping: rule)
        }
    }

    /// DVTS N = 16, M = 4 whose first two subtrees finish with 7 at depths 1 and 2: beta:0.8 settles after
    /// depth 2 (P = 0.875), so the stored run spent two finished paths.
    @Test func aSettledDVTSRunStoresItsStopReasonAndFinishedPaths() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        let policy = StepScriptPolicy { path, sibling in
            switch path.count {
            case 0: .init("t\(sibling / 4)-\(sibling % 4)" + (sibling < 4 ? " \\boxed{7}" : ""))
            case 1: .init("\(path[0]) d\(sibling)" + (path[0].hasPrefix("t1") ? " \\boxed{7}" : ""))
            default: .init("\(path[1]) e\(sibling) \\boxed{9}", .endOfGeneration)
            }
        }
        let runner = EvalRunner(
            store: store, policy: policy, verifier: ScriptedPRM(table: [:], default: 0.5),
            builder: RecordBuilder(grading: grader, voting: grader), concurrency: 1)
        let plan = EvalPlan(strategies: [.dvts], budgets: [16], stopping: try StoppingRule(parsing: "beta:0.8"))
        let summary = try await runner.run(plan, on: TestSupport.dataset(["7"], count: 1))
        #expect(summary.finished == 1)
        #expect(policy.calls.map(\.count) == [16, 12])
        let columns = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchOne(db, sql: "SELECT stop_reason, samples_spent FROM run")
        }
        #expect(columns?["stop_reason"] == "settled")
        #expect(columns?["samples_spent"] == 2)
    }
}
