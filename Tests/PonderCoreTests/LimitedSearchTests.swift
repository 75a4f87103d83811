import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

/// Deadlines on a manual clock and FLOPs budgets on scripted policies: no test waits on the machine's time.
@Suite struct LimitedSearchTests {
    let problem = Problem(id: "p", statement: "What is 3 + 4?", referenceAnswer: "7")
    let sampling = SamplingParameters(seed: 5)

    @Test func majorityAtTheDeadlineVotesOnTheSamplesThatFinished() async throws {
        let policy = PacedPolicy(answers: ["7", "9", "7", "7", "7", "7"], sampling: sampling, allowed: 3)
        let clock = ManualClock()
        let strategy = LimitedSearch(
            try MajorityVote(n: 6, parameters: sampling), limits: try SearchLimits(deadline: .seconds(30)),
            clock: clock)
        let context = SearchContext(policy: policy, grader: MathGrader(configuration: .voting))
        async let searched = strategy.search(problem, in: context)
        // Three samples finish; the other three wait for a turn that never comes before the deadline.
        try await Polling.until { clock.sleeperCount == 1 && policy.startedSamples.count == 6 }
        clock.advance(by: .seconds(29))
        #expect(policy.cancelledSamples.isEmpty, "29 s is before the deadline")
        clock.advance(by: .seconds(1))
        let result = try await searched
        #expect(result.stopReason == .deadline)
        #expect(result.samplesSpent == 3)
        #expect(result.answer == "7")
        #expect(Set(policy.cancelledSamples) == [3, 4, 5])
        #expect(policy.releasedSolutions.count == 3)
    }

    @Test func bestOfNAtTheDeadlineKeepsItsScoredSamples() async throws {
        let policy = PacedPolicy(answers: ["7", "9", "9", "9"], sampling: sampling, allowed: 2)
        let clock = ManualClock()
        let verifier = ScriptedPRM { path in path.last?.contains("{7}") == true ? 0.9 : 0.2 }
        let strategy = LimitedSearch(
            try BestOfN(n: 4, parameters: sampling, selection: .lastMax),
            limits: try SearchLimits(deadline: .seconds(5)), clock: clock)
        let context = SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting))
        async let searched = strategy.search(problem, in: context)
        try await Polling.until { clock.sleeperCount == 1 && verifier.calls.count == 2 }
        clock.advance(by: .seconds(5))
        let result = try await searched
        #expect(result.stopReason == .deadline)
        #expect(result.samplesSpent == 2)
        #expect(result.answer == "7")
        #expect(verifier.calls.count == 2, "cancelled samples are not scored")
    }

    /// Beam search N = 4, M = 2: depth 1 finishes one path (\boxed{5}) and keeps one beam; depth 2's call
    /// is held past the deadline, so the result is the finished path plus the live beam as scored so far.
    @Test func beamSearchAtTheDeadlineReturnsItsBestPathSoFar() async throws {
        let scripted = ScriptedPolicy(scripts: [
            .init(steps: ["So the answer is $\\boxed{5}$."]), .init(steps: ["Step one.\n\n", "Then $\\boxed{6}$."]),
        ])
        let policy = HeldPolicy(scripted, serving: 1)
        let verifier = ScriptedPRM(table: ["So the answer is $\\boxed{5}$.": 0.9, "Step one.\n\n": 0.8])
        let clock = ManualClock()
        let strategy = LimitedSearch(
            try TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2)),
            limits: try SearchLimits(deadline: .seconds(60)), clock: clock)
        let context = SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting))
        async let searched = strategy.search(problem, in: context)
        try await Polling.until { clock.sleeperCount == 1 && policy.heldCalls == 1 }
        clock.advance(by: .seconds(60))
        let result = try await searched
        #expect(result.stopReason == .deadline)
        #expect(result.answer == "5")
        #expect(result.candidates.map(\.finishReason) == [.endOfGeneration, .cancelled])
        #expect(result.candidates.last?.text == "Step one.\n\n")
        #expect(scripted.calls.count == 1)
    }

    @Test func flopsBudgetStopsTreeSearchAfterTheCallThatReachedIt() async throws {
        let scripted = ScriptedPolicy(scripts: [
            .init(steps: ["So the answer is $\\boxed{5}$."]), .init(steps: ["Step one.\n\n", "Then $\\boxed{6}$."]),
        ])
        let verifier = ScriptedPRM(table: ["So the answer is $\\boxed{5}$.": 0.9, "Step one.\n\n": 0.8])
        let context = SearchContext(policy: scripted, verifier: verifier, grader: MathGrader(configuration: .voting))
        let tree = try TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2))
        let unlimited = try await tree.search(problem, in: context)
        let firstCallFLOPs =
            2 * Double(scripted.descriptor.parameterCount)
            * Double(try #require(scripted.calls.first).requests.reduce(0) { $0 + $1.solution.tokens.count })
        #expect(unlimited.stopReason == .completed)
        #expect(scripted.calls.count == 2)

        let limited = try await LimitedSearch(tree, limits: try SearchLimits(flops: firstCallFLOPs)).search(
            problem, in: context)
        #expect(limited.stopReason == .budget)
        #expect(limited.answer == "5")
        #expect(scripted.calls.count == 3, "the second depth never reached the policy")
        #expect(limited.accounting.totalFLOPs >= firstCallFLOPs)

        let generous = try await LimitedSearch(tree, limits: try SearchLimits(flops: 1e18)).search(
            problem, in: context)
        #expect(generous.stopReason == .completed)
        #expect(generous.answer == unlimited.answer)
    }

    @Test func flopsBudgetStopsMajorityBeforeItsLaterSamples() async throws {
        // Each sample costs its prompt plus its tokens; a budget of one sample's FLOPs is reached when the
        // first finishes, and the three in flight (waiting for their turn) are cancelled.
        let policy = PacedPolicy(answers: ["7", "7", "7", "7"], sampling: sampling, allowed: 1)
        let probe = try await MajorityVote(n: 1, parameters: sampling).search(
            problem,
            in: SearchContext(
                policy: PacedPolicy(answers: ["7"], sampling: sampling, allowed: 1),
                grader: MathGrader(configuration: .voting)))
        let oneSample = probe.accounting.totalFLOPs
        let result = try await LimitedSearch(
            try MajorityVote(n: 4, parameters: sampling), limits: try SearchLimits(flops: oneSample)
        ).search(problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(result.stopReason == .budget)
        #expect(result.samplesSpent == 1)
        #expect(result.answer == "7")
        #expect(Set(policy.cancelledSamples) == [1, 2, 3])
    }

    @Test func unlimitedSearchIsTheBaseSearch() async throws {
        let policy = ScriptedPolicy(answers: ["7", "7", "3"])
        let context = SearchContext(policy: policy, grader: MathGrader(configuration: .voting))
        let result = try await LimitedSearch(try MajorityVote(n: 3), limits: .none).search(problem, in: context)
        #expect(result.stopReason == .completed)
        #expect(policy.calls.count == 1, "one batched call, as without limits")
    }

    @Test(arguments: [("30s", 30.0), ("500ms", 0.5), ("2m", 120), ("1.5h", 5_400), ("45", 45)])
    func parsesDurations(text: String, seconds: Double) throws {
        #expect(try SearchLimits.duration(parsing: text) == .seconds(seconds))
    }

    @Test(arguments: ["-3", "abc", "0", "0s", "", "s", "3x", "-1m", "inf"])
    func rejectsBadDurations(text: String) {
        #expect(throws: PonderError.self) { try SearchLimits.duration(parsing: text) }
    }

    @Test func rejectsNonPositiveLimits() {
        #expect(throws: PonderError.self) { try SearchLimits(flops: 0) }
        #expect(throws: PonderError.self) { try SearchLimits(flops: -.infinity) }
        #expect(throws: PonderError.self) { try SearchLimits(deadline: .zero) }
    }
}
