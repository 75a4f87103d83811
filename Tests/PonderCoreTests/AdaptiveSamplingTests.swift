import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

/// Majority vote and Best-of-N with a stopping rule: samples finish one at a time (the paced policy lets
/// sample i + 1 finish only after the search has taken in sample i), so every decision is deterministic.
@Suite struct AdaptiveSamplingTests {
    let problem = Problem(id: "p", statement: "What is 6 * 7?", referenceAnswer: "42")
    let sampling = SamplingParameters(seed: 11)

    /// A context whose progress handler lets the next sample finish once the search has counted the
    /// previous one.
    private func pacedContext(_ policy: PacedPolicy, verifier: (any ProcessRewardModel)? = nil) -> SearchContext {
        var context = SearchContext(policy: policy, grader: MathGrader(configuration: .voting))
        if let verifier { context.verifier = verifier }
        context.progress = { progress in
            if let finished = progress.call?.finished { policy.allow(upTo: finished + 1) }
        }
        return context
    }

    @Test func majorityStopsOnceTheAnswerSettlesAndCancelsTheRest() async throws {
        let policy = PacedPolicy(answers: Array(repeating: "42", count: 8), sampling: sampling, allowed: 1)
        let rule = try StoppingRule(kind: .beta, threshold: 0.95)
        let result = try await MajorityVote(n: 8, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        // Four unanimous answers: P = 1 − 2⁻⁵ = 0.96875 ≥ 0.95 (three give 0.9375).
        #expect(result.stopReason == .settled)
        #expect(result.samplesSpent == 4)
        #expect(result.answer == "42")
        #expect(result.budget == 8)
        #expect(result.candidates.count == 8)
        #expect(result.candidates.prefix(4).allSatisfy { $0.finishReason == .endOfGeneration })
        #expect(result.candidates.suffix(4).allSatisfy { $0.finishReason == .cancelled && $0.answer == nil })
        #expect(Set(policy.cancelledSamples) == [4, 5, 6, 7])
        let released = policy.releasedSolutions
        #expect(released.count == 4, "each cancelled sample is released")
        #expect(released.allSatisfy { $0.steps.map(\.text) == [PacedPolicy.firstStep] })
    }

    @Test func majorityRunsTheWholeBudgetWhenAnswersKeepCompeting() async throws {
        let answers = ["1", "2", "1", "2", "3", "2", "1", "3"]
        let policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1)
        let rule = try StoppingRule(kind: .dirichlet, threshold: 0.95)
        let result = try await MajorityVote(n: 8, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        #expect(result.stopReason == .completed)
        #expect(result.samplesSpent == 8)
        #expect(policy.cancelledSamples.isEmpty)
        #expect(policy.releasedSolutions.isEmpty)
        #expect(result.candidates.map { $0.answer?.text } == answers, "candidates in sample order")
    }

    /// Eight different answers: beta:0.8/give-up=0.5 gives up after the fourth (P(Beta(2, 4) ≥ ½) = 0.1875 < 0.2;
    /// after the third 0.3125), answers with the vote so far (the first of four tied answers) and cancels the rest.
    @Test func majorityGivesUpWhenTheAnswersStayDispersed() async throws {
        let answers = (1...8).map { "\($0)" }
        let policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1)
        let result = try await MajorityVote(
            n: 8, parameters: sampling, stopping: try StoppingRule(parsing: "beta:0.8/give-up=0.5")
        ).search(problem, in: pacedContext(policy))
        #expect(result.stopReason == .dispersed)
        #expect(result.samplesSpent == 4)
        #expect(result.answer == "1")
        #expect(Set(policy.cancelledSamples) == [4, 5, 6, 7])
        #expect(policy.releasedSolutions.count == 4, "each cancelled sample is released")
    }

    @Test func decidedStopsWhenTheRestCannotChangeTheWinner() async throws {
        // After 8 of 10: 42 six times, 9 twice, 2 left: 6 − 2 > 2. After 7 (5 against 2, 3 left) it waits.
        let answers = ["9", "42", "9", "42", "42", "42", "42", "42", "42", "42"]
        let policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1)
        let rule = try StoppingRule(parsing: "decided")
        let result = try await MajorityVote(n: 10, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        #expect(result.stopReason == .settled)
        #expect(result.samplesSpent == 8)
        #expect(result.answer == "42")
        #expect(Set(policy.cancelledSamples) == [8, 9])
        #expect(policy.releasedSolutions.count == 2)
    }

    @Test func minimumSamplesDelaysTheStop() async throws {
        let policy = PacedPolicy(answers: Array(repeating: "42", count: 8), sampling: sampling, allowed: 1)
        let rule = try StoppingRule(kind: .beta, threshold: 0.95, minimumSamples: 6)
        let result = try await MajorityVote(n: 8, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        #expect(result.stopReason == .settled)
        #expect(result.samplesSpent == 6)
    }

    @Test func aLateMajoritySettlesOnlyWhenItLeadsClearly() async throws {
        // 9 and 42 alternate, then 42 repeats: counts after k samples decide when P(42 leads) ≥ 0.9.
        let answers = ["9", "42", "9", "42", "42", "42", "42", "42", "42", "42"]
        let policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1)
        let rule = try StoppingRule(kind: .beta, threshold: 0.9)
        let result = try await MajorityVote(n: 10, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        // (42, 9) counts: after 6 samples (4, 2) gives P(Bin(7, ½) ≤ 4) = 99/128 = 0.773; after 7 (5, 2)
        // gives P(Bin(8, ½) ≤ 5) = 219/256 = 0.855; after 8 (6, 2) gives P(Bin(9, ½) ≤ 6) = 466/512 = 0.910.
        #expect(result.samplesSpent == 8)
        #expect(result.answer == "42")
        #expect(Set(policy.cancelledSamples) == [8, 9])
    }

    @Test func weightedRuleWaitsLongerOnLowScores() async throws {
        let rule = try StoppingRule(kind: .weightedBeta, threshold: 0.95)
        for (score, expected) in [(1.0, 4), (0.5, 7)] {
            let policy = PacedPolicy(answers: Array(repeating: "42", count: 10), sampling: sampling, allowed: 1)
            let verifier = ScriptedPRM { _ in score }
            let result = try await BestOfN(n: 10, parameters: sampling, selection: .lastVote, stopping: rule).search(
                problem, in: pacedContext(policy, verifier: verifier))
            // Pseudo-count 0.5 k: P = 1 − 2^−(1 + 0.5 k) ≥ 0.95 first at k = 7.
            #expect(result.samplesSpent == expected, "score \(score)")
            #expect(result.stopReason == .settled)
            #expect(result.candidates.prefix(expected).allSatisfy { $0.stepScores?.count == 2 })
            #expect(verifier.calls.count == expected, "each finished sample is scored once; cancelled ones are not")
        }
    }

    /// Two short wrong samples finish first. In sample order the rule waits for sample 0 and settles on 42 after
    /// seven samples; in finish order it settles on the two wrong ones.
    @Test func theRuleDecidesInSampleOrderUnlessToldToUseFinishOrder() async throws {
        let answers = ["42", "9", "9", "42", "42", "42", "42", "42", "42", "42"]
        let finishOrder = [1, 2, 0, 3, 4, 5, 6, 7, 8, 9]
        var policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1, finishOrder: finishOrder)
        let bySample = try await MajorityVote(
            n: 10, parameters: sampling, stopping: try StoppingRule(parsing: "beta:0.8")
        )
        .search(problem, in: pacedContext(policy))
        // (42, 9) after samples 0...k: (1, 0) 0.75, (1, 1), (1, 2), (2, 2), (3, 2) 0.656, (4, 2) 0.773, (5, 2) 0.855.
        #expect(bySample.stopReason == .settled)
        #expect(bySample.samplesSpent == 7)
        #expect(bySample.answer == "42")
        #expect(bySample.candidates.prefix(7).map { $0.answer?.text } == Array(answers.prefix(7)), "in sample order")
        #expect(Set(policy.cancelledSamples) == [7, 8, 9])

        policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1, finishOrder: finishOrder)
        let rule = try StoppingRule(parsing: "beta:0.8/order=finish")
        let byFinish = try await MajorityVote(n: 10, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        // Two 9s: P(Bin(3, ½) ≤ 2) = 0.875.
        #expect(byFinish.stopReason == .settled)
        #expect(byFinish.samplesSpent == 2)
        #expect(byFinish.answer == "9")
        #expect(Set(policy.cancelledSamples) == Set([0] + Array(3...9)))
    }

    /// Sample 2 finishes first, then 0 and 1 settle 42: sample 2's answer was generated (it is a candidate, and
    /// counts in the cost) but the vote counts only the samples the rule decided on.
    @Test func aSampleThatFinishedOutOfTurnDoesNotVote() async throws {
        let answers = ["42", "42", "9", "9", "9", "9", "9", "9"]
        let policy = PacedPolicy(
            answers: answers, sampling: sampling, allowed: 1, finishOrder: [2, 0, 1, 3, 4, 5, 6, 7])
        let result = try await MajorityVote(n: 8, parameters: sampling, stopping: try StoppingRule(parsing: "beta:0.8"))
            .search(problem, in: pacedContext(policy))
        #expect(result.stopReason == .settled)
        #expect(result.samplesSpent == 2)
        #expect(result.answer == "42")
        #expect(result.candidates.map { $0.answer?.text }.prefix(3) == ["42", "42", "9"])
        #expect(result.candidates[2].finishReason == .endOfGeneration)
        #expect(result.votes.groups.map(\.answer) == ["42"])
        #expect(result.votes.groups.first?.members == [0, 1])
        #expect(Set(policy.cancelledSamples) == [3, 4, 5, 6, 7])
        #expect(
            result.accounting.policy.usage.generatedTokens == result.candidates.reduce(0) { $0 + $1.generatedTokens })
    }

    /// A window of two: samples start in sample order, the next as one finishes; four unanimous answers settle
    /// beta:0.95, when sample 4 has started (on sample 2's finish) and samples 5–7 never have.
    @Test func aWindowKeepsAtMostWSamplesInFlightAndStartsNoMoreOnceTheRuleFires() async throws {
        let policy = PacedPolicy(answers: Array(repeating: "42", count: 8), sampling: sampling, allowed: 1)
        let rule = try StoppingRule(parsing: "beta:0.95/window=2")
        let result = try await MajorityVote(n: 8, parameters: sampling, stopping: rule).search(
            problem, in: pacedContext(policy))
        #expect(result.stopReason == .settled)
        #expect(result.samplesSpent == 4)
        #expect(result.answer == "42")
        #expect(policy.mostInFlight <= 2)
        #expect(policy.startedSamples.sorted() == [0, 1, 2, 3, 4], "samples 5–7 never start")
        #expect(policy.cancelledSamples == [4])
        #expect(result.candidates.count == 5, "samples never started are not candidates")
        #expect(result.candidates.last?.finishReason == .cancelled)
        #expect(policy.releasedSolutions.count == 1)
    }

    /// Without a rule firing, a window still runs the whole budget, in sample order, one in flight at a time with
    /// a window of one; Best-of-N starts its samples the same way.
    @Test func aWindowRunsTheWholeBudgetWhenTheRuleNeverFires() async throws {
        let answers = ["1", "2", "3", "4", "5", "6"]
        var policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1)
        let majority = try await MajorityVote(
            n: 6, parameters: sampling, stopping: try StoppingRule(parsing: "beta:0.99/window=1")
        ).search(problem, in: pacedContext(policy))
        #expect(majority.stopReason == .completed)
        #expect(majority.candidates.map { $0.answer?.text } == answers)
        #expect(policy.mostInFlight == 1)
        #expect(policy.startedSamples == Array(0..<6))

        policy = PacedPolicy(answers: answers, sampling: sampling, allowed: 1)
        let verifier = ScriptedPRM { _ in 0.9 }
        let bestOfN = try await BestOfN(
            n: 6, parameters: sampling, stopping: try StoppingRule(parsing: "beta:0.99/window=3")
        ).search(problem, in: pacedContext(policy, verifier: verifier))
        #expect(bestOfN.stopReason == .completed)
        #expect(bestOfN.candidates.count == 6)
        #expect(policy.mostInFlight <= 3)
        #expect(policy.startedSamples.sorted() == Array(0..<6))
    }

    @Test func treeSearchRefusesAWindow() throws {
        let rule = try StoppingRule(parsing: "beta:0.8/window=4")
        #expect(throws: PonderError.self) {
            try TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2), stopping: rule)
        }
    }

    @Test func majorityRejectsAWeightedRule() throws {
        let rule = try StoppingRule(kind: .weightedDirichlet, threshold: 0.9)
        #expect(throws: PonderError.self) { try MajorityVote(n: 4, stopping: rule) }
    }
}
