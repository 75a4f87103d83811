import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Synchronization
import Testing

/// Anytime tree search: DVTS and beam search stop expanding once their finished paths' vote is settled,
/// release the beams still live, and keep a best-so-far answer when cancelled.
@Suite struct AnytimeTreeSearchTests {
    let problem = Problem(statement: "Hand-worked anytime tree")
    let grader = MathGrader(configuration: .voting)

    /// DVTS, N = 16, M = 4: four subtrees of one beam. Depth 1: subtree t's siblings are `t<t>-<i>`; subtree 0's
    /// are boxed 7, so it finishes. Depth 2: subtree 1's children are boxed `second`, so it finishes; subtrees 2
    /// and 3 keep `t<t>-0 d0`. Depth 3: subtree 2 ends with 7, subtree 3 with `late`. Every step ties on score
    /// (unless `score` says otherwise), so each subtree keeps its first candidate.
    private func policy(second: Int, late: Int = 9) -> StepScriptPolicy {
        StepScriptPolicy { path, sibling in
            switch path.count {
            case 0:
                let subtree = sibling / 4
                return .init("t\(subtree)-\(sibling % 4)" + (subtree == 0 ? " \\boxed{7}" : ""))
            case 1:
                let subtree = Self.subtree(of: path[0])
                return .init("\(path[0]) d\(sibling)" + (subtree == 1 ? " \\boxed{\(second)}" : ""))
            default:
                let answer = Self.subtree(of: path[0]) == 2 ? 7 : late
                return .init("\(path[1]) e\(sibling) \\boxed{\(answer)}", .endOfGeneration)
            }
        }
    }

    private static func subtree(of first: String) -> Int { Int(String(first.dropFirst().prefix(1))) ?? -1 }

    /// Boxed (answer) steps score `answerScore`, the others 0.9.
    private func verifier(answerScore: Double = 0.5) -> ScriptedPRM {
        ScriptedPRM { path in (path.last ?? "").contains("\\boxed") ? answerScore : 0.9 }
    }

    private func dvts(_ rule: String?, selection: SelectionRule = .lastVote) throws -> TreeSearch {
        try TreeSearch(
            .dvts, tree: TreeSearchParameters(budget: 16, beamWidth: 4), selection: selection,
            stopping: rule.map { try StoppingRule(name: $0) })
    }

    private func context(_ policy: any PolicyModel, _ verifier: ScriptedPRM) -> SearchContext {
        SearchContext(policy: policy, verifier: verifier, grader: grader)
    }

    /// After depth 1 one path says 7: P = 1 − 2⁻² = 0.75 < 0.8. After depth 2 two say 7: P = 1 − 2⁻³ = 0.875,
    /// so beta:0.8 stops there, and subtrees 2 and 3's live beams are released without a third depth.
    @Test func subtreesThatAgreeStopTheSearchAtThatDepth() async throws {
        let policy = policy(second: 7)
        let result = try await dvts("beta:0.8").search(problem, in: context(policy, verifier()))

        #expect(policy.calls.map(\.count) == [16, 12], "no third depth")
        #expect(result.stopReason == .settled)
        #expect(result.answer == "7")
        #expect(result.samplesSpent == 2, "samples spent: the finished paths")
        #expect(result.candidates.map(\.steps) == [["t0-0 \\boxed{7}"], ["t1-0", "t1-0 d0 \\boxed{7}"]])
        #expect(result.candidates.allSatisfy { $0.finishReason != .cancelled }, "live beams are no candidates")
        let released = policy.releasedSolutions.map { $0.steps.map(\.text) }
        #expect(released.contains(["t2-0", "t2-0 d0"]) && released.contains(["t3-0", "t3-0 d0"]))

        let unruled = policy.calls.count
        let full = try await dvts(nil).search(problem, in: context(policy, verifier()))
        #expect(policy.calls.dropFirst(unruled).map(\.count) == [16, 12, 8], "without a rule: every depth")
        #expect(full.stopReason == .completed)
        #expect(full.samplesSpent == 4)
        let kept = policy.releasedSolutions.map { $0.steps.map(\.text) }
        #expect(kept.filter { $0 == ["t2-0", "t2-0 d0"] }.count == 1, "a beam that finishes is not released")
    }

    @Test func subtreesThatDisagreeRunToTheEnd() async throws {
        let policy = policy(second: 8, late: 8)
        let result = try await dvts("beta:0.8").search(problem, in: context(policy, verifier()))
        // After depth 2: 7 and 8, P = 0.5. Depth 3 finishes the last two subtrees: nothing is left to stop.
        #expect(policy.calls.map(\.count) == [16, 12, 8])
        #expect(result.stopReason == .completed)
        #expect(result.samplesSpent == 4)
        #expect(result.candidates.compactMap { $0.answer?.text } == ["7", "8", "7", "8"])
    }

    /// After depth 2 the finished paths say 7 and 8: not settled (P = 0.5), and with k = 2, t = 1 the leader's
    /// share is Beta(2, 2), P(share ≥ 0.75) = 1 − (3·0.75² − 2·0.75³) = 0.15625 < 1 − 0.8, so the search gives up
    /// there. After depth 1 (k = 1, t = 1) P(Beta(2, 1) ≥ 0.75) = 1 − 0.75² = 0.4375, and it goes on.
    @Test func subtreesThatDisagreeGiveUpWithTheClause() async throws {
        let policy = policy(second: 8, late: 8)
        let result = try await dvts("beta:0.8/give-up=0.75").search(problem, in: context(policy, verifier()))
        #expect(policy.calls.map(\.count) == [16, 12], "no third depth")
        #expect(result.stopReason == .dispersed)
        #expect(result.samplesSpent == 2)
        #expect(result.candidates.compactMap { $0.answer?.text } == ["7", "8"])
        let released = policy.releasedSolutions.map { $0.steps.map(\.text) }
        #expect(released.contains(["t2-0", "t2-0 d0"]) && released.contains(["t3-0", "t3-0 d0"]))
    }

    @Test func minimumSamplesDelaysTheStop() async throws {
        let policy = policy(second: 7)
        let result = try await dvts("beta:0.8/min=3").search(problem, in: context(policy, verifier()))
        #expect(policy.calls.map(\.count) == [16, 12, 8])
        #expect(result.stopReason == .completed)
    }

    /// Answers score `answerScore` (PRM-Last: the path score). Counts settle 7 after depth 2 whatever the
    /// scores; weighted by 1.0 the tally 2 settles too, weighted by 0.3 the tally 0.6 gives
    /// P = 1 − 2^−1.6 ≈ 0.67 < 0.8 and the search runs to the end.
    @Test(arguments: [
        ("beta:0.8", 0.3, true), ("weighted-beta:0.8", 1.0, true), ("weighted-beta:0.8", 0.3, false),
        ("dirichlet:0.8", 0.3, true), ("weighted-dirichlet:0.8", 0.3, false),
    ])
    func weightedRulesReadThePathScores(rule: String, answerScore: Double, settles: Bool) async throws {
        let policy = policy(second: 7)
        let result = try await dvts(rule).search(problem, in: context(policy, verifier(answerScore: answerScore)))
        #expect(result.stopReason == (settles ? .settled : .completed))
        #expect(policy.calls.count == (settles ? 2 : 3))
        #expect(result.answer == "7")
    }

    /// In outcome mode a weighted rule reads outcome scores: finished paths are judged as they finish, each
    /// once, and the final vote reuses those scores.
    @Test func weightedRulesInOutcomeModeJudgeEachPathOnce() async throws {
        let policy = policy(second: 7)
        let verifier = ScriptedPRM(score: { _ in 0.5 }, outcome: { _ in 1.0 })
        let strategy = try TreeSearch(
            .dvts, tree: TreeSearchParameters(budget: 16, beamWidth: 4), mode: .outcome,
            stopping: try StoppingRule(name: "weighted-beta:0.8"))
        let result = try await strategy.search(problem, in: context(policy, verifier))
        #expect(result.stopReason == .settled)
        #expect(verifier.outcomeCalls.map(\.count) == [1, 1], "one new path judged after each depth")
        #expect(result.candidates.map(\.outcomeScore) == [1.0, 1.0])
    }

    /// Beam search N = 8, M = 4: one tree of two beams. Depth 1's best candidate is boxed and finishes; the
    /// second beam lives. One path gives P = 0.75, so beta:0.7 stops there and releases the live beam.
    @Test func beamSearchSettlesOnItsFinishedPathsToo() async throws {
        let policy = StepScriptPolicy { path, sibling in
            path.isEmpty
                ? .init(sibling == 0 ? "a \\boxed{7}" : "r\(sibling)")
                : .init("\(path[0]) e\(sibling) \\boxed{3}", .endOfGeneration)
        }
        let verifier = ScriptedPRM(table: ["a \\boxed{7}": 0.9, "r1": 0.8], default: 0.1)
        let settled = try await TreeSearch(
            .beam, tree: TreeSearchParameters(budget: 8, beamWidth: 4), stopping: try StoppingRule(name: "beta:0.7")
        ).search(problem, in: context(policy, verifier))
        #expect(policy.calls.map(\.count) == [8])
        #expect(settled.stopReason == .settled)
        #expect(settled.answer == "7")
        #expect(policy.releasedSolutions.contains { $0.steps.map(\.text) == ["r1"] })

        let full = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 8, beamWidth: 4))
            .search(problem, in: context(policy, verifier))
        #expect(full.stopReason == .completed)
        #expect(full.candidates.count == 2)
    }

    /// The task is cancelled while depth 2 is held: the result holds subtree 0's finished path (the answer)
    /// and the three live beams as cancelled candidates, and the live beams are released. Either way a
    /// backend ends a cancelled call: cancelled continuations, or a thrown `CancellationError`.
    @Test(arguments: [false, true])
    func aCancelledSearchReturnsItsBestSoFarAndReleasesItsBeams(throwing: Bool) async throws {
        let base = policy(second: 7)
        let held = HeldPolicy(base, serving: 1, throwing: throwing)
        let strategy = try dvts("beta:0.99")
        let task = Task { try await strategy.search(problem, in: context(held, verifier())) }
        try await Polling.until { held.heldCalls == 1 }
        task.cancel()
        let result = try await task.value
        #expect(result.stopReason == .cancelled)
        #expect(result.answer == "7")
        #expect(result.samplesSpent == 1)
        #expect(result.candidates.map(\.finishReason) == [.stepBoundary, .cancelled, .cancelled, .cancelled])
        let released = Set(base.releasedSolutions.map { $0.steps.map(\.text) })
        #expect(released.isSuperset(of: [["t1-0"], ["t2-0"], ["t3-0"]]))
    }
}
