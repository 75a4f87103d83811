import Foundation
import PonderCore
import PonderEval
import PonderMath
import Testing

/// `EvalStore.regrade(with:)`: stored verdicts graded again after the grader changed.
@Suite struct RegradingTests {
    /// A run stored by an older grader that took a factor of 100 for a percent variant: `700` for the gold `7`
    /// (the 0.5B model's `500` for the gold `5` on MATH-500 prealgebra/1555 was stored so).
    private func staleRun() -> ProblemRunRecord {
        let candidates = [
            TestSupport.candidate(0, answer: "700", correct: true),
            TestSupport.candidate(1, answer: "700", correct: true),
            TestSupport.candidate(2, answer: "7", correct: true),
            TestSupport.candidate(3, answer: "3", correct: false),
            TestSupport.candidate(4, answer: nil, correct: false),
        ]
        return TestSupport.record(
            problem: "p0", strategy: .majority, budget: 5, reported: [2, 5], candidates: candidates)
    }

    @Test func verdictsThatChangedAreStoredAndTheRestKept() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("eval.sqlite").path
        let store = try EvalStore(path: path)
        #expect(try await store.record(staleRun()))
        let right = TestSupport.record(
            problem: "p1", strategy: .majority, budget: 2, candidates: TestSupport.candidates([true, false]))
        #expect(try await store.record(right))
        let before = try await store.snapshot()
        let stale = try #require(before.runs.first { $0.key.problemID == "p0" })
        #expect(stale.correctCandidates == 3)
        // Majority picks 700 at both budgets: the first two samples, and two of five.
        #expect(stale.selections.map(\.answer) == ["700", "700"])
        #expect(stale.selections.allSatisfy { $0.correct })

        let account = try await store.regrade(with: MathGrader(configuration: .grading))
        #expect(account.runs == 2)
        #expect(account.candidates == 7)
        #expect(account.selections == 3)
        #expect(account.changedCandidates == 2)
        #expect(
            account.changes.map(\.place) == [
                .candidate(position: 0), .candidate(position: 1), .selection(budget: 2, rule: "majority"),
                .selection(budget: 5, rule: "majority"),
            ])
        #expect(account.changes.allSatisfy { $0.problemID == "p0" && $0.answer == "700" && !$0.correct })

        let after = try await store.snapshot()
        let regraded = try #require(after.runs.first { $0.key.problemID == "p0" })
        #expect(regraded.correctCandidates == 1)
        #expect(regraded.selections.allSatisfy { !$0.correct })
        let record = try #require(try await store.loadRecord(id: regraded.id))
        #expect(record.candidates.map(\.correct) == [false, false, true, false, false])
        let untouched = try #require(after.runs.first { $0.key.problemID == "p1" })
        #expect(untouched == before.runs.first { $0.key.problemID == "p1" })

        let again = try await store.regrade(with: MathGrader(configuration: .grading))
        #expect(again.changes.isEmpty, "a second pass finds nothing to change")
    }
}
