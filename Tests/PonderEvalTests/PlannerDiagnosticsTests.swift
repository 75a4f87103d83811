import Foundation
import PonderCore
import Testing

@testable import PonderEval

/// The report's planner diagnostics on a hand-worked database: four problems (two easy, one medium, one hard by
/// the majority runs' pass@1), majority vote at N = 8 reported at 1, 4, 8, a CoT run, and `auto` at 4 and 8 with
/// stored plans.
struct PlannerDiagnosticsTests {
    /// Majority samples per problem: p0 all right; p1 5 of 8 (wrong first); p2 3 of 8; p3 none.
    /// majority@1 = p0; @4 = p0; @8 = p0, p1. pass@1: 1, 0.625 (easy), 0.375 (medium), 0 (hard).
    static let majority: [String: [Bool]] = [
        "p0": Array(repeating: true, count: 8),
        "p1": [false, false, false, true, true, true, true, true],
        "p2": [false, true, false, false, true, true, false, false],
        "p3": Array(repeating: false, count: 8),
    ]
    /// CoT is right on p2 only.
    static let cot: Set<String> = ["p2"]
    /// Auto: right on p0, p1 at 4; on p0, p1, p2 at 8. Its predicted bins (true: easy, easy, medium, hard).
    static let auto: [Int: Set<String>] = [4: ["p0", "p1"], 8: ["p0", "p1", "p2"]]
    static let predicted: [Int: [String: DifficultyBin]] = [
        4: ["p0": .easy, "p1": .medium, "p2": .medium, "p3": .medium],
        8: ["p0": .easy, "p1": .medium, "p2": .medium, "p3": .hard],
    ]

    static func autoRecord(problem: String, budget: Int, right: Bool, predicted: DifficultyBin) throws
        -> ProblemRunRecord
    {
        let candidates = TestSupport.candidates(Array(repeating: right, count: 4))
        let usage = candidates.reduce(TokenUsage.zero) { $0 + $1.usage }
        let accounting = TestSupport.accounting(usage, wall: 4)
        var bins: [DifficultyBin: Double] = [.easy: 0.1, .medium: 0.1, .hard: 0.1]
        bins[predicted] = 0.8
        let plan = PlanReport(
            profile: "built-in", budget: try PlanBudget(generations: budget),
            features: ProbeFeatures(
                samples: 4, leaderShare: 1, distinctShare: 0.25, majorityProbability: 0.97, noAnswerShare: 0,
                cappedShare: 0, lengthShare: 0.5),
            bins: bins, decision: "settled", chosen: nil, alternatives: [], reusedProbe: true,
            spent: PlannedCost(generations: 4, flops: 1, seconds: 1))
        return ProblemRunRecord(
            key: RunKey(
                dataset: "fixture", problemID: problem, policy: "toy-policy", verifier: RunKey.noVerifier,
                strategy: AutoStrategy.name, budget: budget, seed: 0, parameters: #"{"profile":"built-in"}"#),
            gold: "7", level: nil, subject: nil, beamWidth: nil, accounting: accounting, candidates: candidates,
            selections: [
                SelectionOutcome(
                    budget: budget, rule: RecordBuilder.planRule, answer: right ? "7" : "3", correct: right)
            ],
            costs: [
                Subsample.cost(
                    strategy: .cot, budget: budget, runBudget: budget, positions: Array(candidates.indices),
                    usages: candidates.map(\.usage), accounting: accounting)
            ],
            finishedAt: Date(timeIntervalSince1970: 1_800_000_000), stopReason: .settled, samplesSpent: 4, plan: plan)
    }

    static func summary() async throws -> EvalSummary {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try EvalStore(path: folder.appendingPathComponent("planner.sqlite").path)
        for (problem, pattern) in majority {
            try await store.record(
                TestSupport.record(
                    problem: problem, strategy: .majority, budget: 8, reported: [1, 4, 8],
                    candidates: TestSupport.candidates(pattern)))
            try await store.record(
                TestSupport.record(
                    problem: problem, strategy: .cot, budget: 1,
                    candidates: TestSupport.candidates([cot.contains(problem)])))
            for budget in [4, 8] {
                try await store.record(
                    autoRecord(
                        problem: problem, budget: budget, right: auto[budget]?.contains(problem) == true,
                        predicted: predicted[budget]?[problem] ?? .medium))
            }
        }
        return try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
    }

    @Test func efficiencyIsMajoritysPeakBudgetOverTheBudgetAutoFirstReachesIt() async throws {
        let summary = try await Self.summary()
        let row = try #require(summary.plannerDiagnostics.efficiency.only)
        #expect(row.auto == "auto" && row.majority == "majority" && row.problems == 4)
        // majority: 25% at 1 and 4, 50% at 8; auto: 50% at 4.
        #expect(row.peakAccuracy == 0.5 && row.peakBudget == 8)
        #expect(row.autoBudget == 4 && row.autoAccuracy == 0.5 && row.autoGenerations == 4)
        #expect(row.budgetRatio == 2)
        let majorityFLOPs = try #require(summary.series.first { $0.key.strategy == "majority" }?.budget(8)).cost
        #expect(row.peakFLOPs > 0 && abs(row.peakFLOPs - majorityFLOPs.totalFLOPs) < 1e-6 * row.peakFLOPs)
        #expect(try #require(row.flopsRatio) > 1)
    }

    @Test func theConfusionMatrixCountsEveryStoredProbe() async throws {
        let summary = try await Self.summary()
        let row = try #require(summary.plannerDiagnostics.predictions.only)
        #expect(row.probes == 8)
        #expect(row.counts[.easy] == [.easy: 2, .medium: 2])
        #expect(row.counts[.medium] == [.medium: 2])
        #expect(row.counts[.hard] == [.medium: 1, .hard: 1])
        #expect(row.inTrueBin == 5)
        #expect(row.rankCorrelation != nil)
        let markdown = ReportTables(summary: summary).plannerPredictions.markdown
        #expect(markdown.contains("The difficulty predictor against the true bins"))
        #expect(markdown.contains("| auto | hard | 0 | 1 | 1 | 1 of 2 |"))
    }

    @Test func theSummaryAndTheHTMLReportShowThePlannerSection() async throws {
        let summary = try await Self.summary()
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ReportWriter(summary: summary, databasePath: "planner.sqlite").write(to: folder.path, png: .never)
        for name in ["summary.md", "report.html"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for title in [
                "The planner against fixed strategies", "Efficiency: the budget at which auto reaches",
                "The difficulty predictor against the true bins", "Auto beside the best fixed configuration",
            ] {
                #expect(text.contains(title), "\(name): \(title)")
            }
        }
    }

    @Test func boundsChooseTheBestFixedConfigurationPerBinAndPerProblem() async throws {
        let summary = try await Self.summary()
        let bounds = summary.plannerDiagnostics.bounds
        #expect(bounds.map(\.budget) == [4, 8])
        let four = bounds[0]
        // cot, majority@1, majority@4: each right on one problem; cot is first among the cheapest.
        #expect(four.problems == 4 && four.configurations == 3 && four.autoAccuracy == 0.5)
        #expect(four.bestFixed == "cot" && four.bestFixedAccuracy == 0.25)
        #expect(four.binOracleChoices == [.easy: "majority@1", .medium: "cot", .hard: "cot"])
        #expect(four.binOracleAccuracy == 0.5 && four.perProblemBestAccuracy == 0.5)
        let eight = bounds[1]
        #expect(eight.configurations == 4 && eight.autoAccuracy == 0.75)
        #expect(eight.bestFixed == "majority@8" && eight.bestFixedAccuracy == 0.5)
        #expect(eight.binOracleChoices == [.easy: "majority@8", .medium: "cot", .hard: "cot"])
        #expect(eight.binOracleAccuracy == 0.75 && eight.perProblemBestAccuracy == 0.75)
    }

    @Test func spearmanRanksWithTiesSharingTheirMeanRank() throws {
        #expect(PlannerDiagnostics.ranks([3, 1, 1, 2]) == [4, 1.5, 1.5, 3])
        // No ties: 1 − 6 Σd² / (n(n² − 1)) = 1 − 12/60.
        #expect(abs(try #require(PlannerDiagnostics.spearman([1, 2, 3, 4], [1, 3, 2, 4])) - 0.8) < 1e-12)
        // Ties: ranks [1.5, 1.5, 3] against [1, 2, 3]: 1.5 / √(1.5 · 2).
        #expect(abs(try #require(PlannerDiagnostics.spearman([1, 1, 2], [1, 2, 3])) - 1.5 / 3.0.squareRoot()) < 1e-12)
        #expect(PlannerDiagnostics.spearman([1, 1, 1], [1, 2, 3]) == nil)
        #expect(PlannerDiagnostics.spearman([1, 2], [1, 2]) == nil)
    }

    @Test func aDatabaseWithoutAutoRunsHasNoPlannerDiagnostics() async throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try EvalStore(path: folder.appendingPathComponent("plain.sqlite").path)
        try await store.record(
            TestSupport.record(
                problem: "p0", strategy: .majority, budget: 4, candidates: TestSupport.candidates([true, false, true])))
        let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 50))
        #expect(summary.plannerDiagnostics.isEmpty)
        let out = folder.appendingPathComponent("report")
        _ = try ReportWriter(summary: summary, databasePath: store.path).write(to: out.path, png: .never)
        for name in ["summary.md", "report.html"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("difficulty predictor"), "\(name)")
        }
    }
}

extension Array {
    /// The one element, or `nil` when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
