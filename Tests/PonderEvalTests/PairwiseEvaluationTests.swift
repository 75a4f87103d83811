import Foundation
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Testing

/// `ponder judge --pairwise`: champion–challenger selection on stored majority runs, per budget, against
/// hand-worked counts.
@Suite struct PairwiseEvaluationTests {
    private static func samples(_ answers: [String]) -> [CandidateRecord] {
        answers.enumerated().map { TestSupport.candidate($0, answer: $1, correct: $1 == "7") }
    }

    @Test func selectionAtEachBudgetIsCountedAgainstMajorityAndPassAtN() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("eval.sqlite").path)
        try await store.record(
            TestSupport.record(
                problem: "p0", strategy: .majority, budget: 8, reported: [4, 8],
                candidates: Self.samples(["3", "3", "7", "3", "5", "7", "3", "5"])))
        try await store.record(
            TestSupport.record(
                problem: "p1", strategy: .majority, budget: 4, candidates: Self.samples(["7", "7", "3", "7"])))
        // Not a majority run: not read.
        try await store.record(
            TestSupport.record(
                problem: "p2", strategy: .bestOfN, budget: 4, verifier: "scripted",
                candidates: Self.samples(["3", "7", "3", "3"])))
        let items = try await PairwiseEvaluation.items(
            from: store, dataset: TestSupport.dataset(["7"], count: 3))
        #expect(items.map(\.problem.id) == ["p0", "p1"])

        // Prefers the solution that answers 7 (0.8 as A, 0.7 as B); 0.6 for A otherwise.
        let judge = ScriptedPairwiseJudge { first, second in
            first.contains("{7}") ? 0.8 : second.contains("{7}") ? 0.3 : 0.6
        }
        let (rows, challenges, usage) = try await PairwiseEvaluation(items: items, thresholds: [0.5, 0.8]).measure(
            judge, grader: MathGrader(configuration: .voting), budgets: [4, 8])
        // N = 4: p0 (3, 3, 7, 3): majority 3, 7 takes over (0.75) at 0.5, not at 0.8. p1 (7, 7, 3, 7): majority 7
        // holds (3 wins 0.25). N = 8: p0 only: majority 3 (four votes), 7 wins 0.75, 5 wins 0.5; 7 takes over at 0.5.
        #expect(rows.map(\.budget) == [4, 4, 8, 8])
        #expect(rows.map(\.threshold) == [0.5, 0.8, 0.5, 0.8])
        #expect(rows.map(\.problems) == [2, 2, 1, 1])
        #expect(rows.map(\.covered) == [2, 2, 1, 1])
        #expect(rows.map(\.majority) == [1, 1, 0, 0])
        #expect(rows.map(\.selected) == [2, 1, 1, 0])
        #expect(rows.map(\.gained) == [1, 0, 1, 0])
        #expect(rows.map(\.lost) == [0, 0, 0, 0])
        #expect(rows.map(\.comparisons) == [4, 4, 4, 4])
        // Every challenge, for analysis, problem by problem: p0's at N = 4 and its two at N = 8, then p1's.
        #expect(challenges.map(\.problemID) == ["p0", "p0", "p0", "p1"])
        #expect(challenges.map(\.budget) == [4, 8, 8, 4])
        #expect(challenges.map(\.challenger) == ["7", "7", "5", "3"])
        #expect(challenges.map(\.challengerCorrect) == [true, true, false, false])
        #expect(challenges.map(\.championCorrect) == [false, false, false, true])
        #expect(challenges.first?.asFirst == 0.8)
        #expect(abs((challenges.first?.asSecond ?? 0) - 0.7) < 1e-12)
        // p0's 3-against-7 pair at N = 8 is remembered from N = 4: 4 + 2 comparisons made, 10 tokens each.
        #expect(judge.calls.map(\.count).reduce(0, +) == 6)
        #expect(usage.promptTokensEvaluated == 60)
    }
}
