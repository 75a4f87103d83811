import PonderCore
import PonderMath
import PonderTesting
import Testing

/// Selection by a pairwise judge: majority's answer defends against one sample of every other answer, in both
/// orders, against hand-worked preferences.
@Suite struct ChampionChallengerTests {
    let problem = Problem(statement: "What is 6 times 7?")
    let grader = MathGrader(configuration: .voting)

    private func solutions(_ answers: [String?]) -> [[Step]] {
        answers.enumerated().map { index, answer in
            ["Sample \(index).\n\n", answer.map { "So $\\boxed{\($0)}$." } ?? "I am not sure."].map {
                Step(text: $0, tokens: [])
            }
        }
    }

    /// Prefers a solution that answers 42: P(A) = 0.8 when A does, 0.3 when B does (a bias towards A of 0.1
    /// each way), 0.6 otherwise.
    private let judge = ScriptedPairwiseJudge { first, second in
        first.contains("{42}") ? 0.8 : second.contains("{42}") ? 0.3 : 0.6
    }

    @Test func aChallengerTheJudgePrefersInBothOrdersTakesOver() async throws {
        // 9 has three votes; 42 (samples 1, 4) and 7 (sample 5) challenge it with their first samples.
        let answers: [String?] = ["9", "42", "9", "9", "42", "7", nil]
        let outcome = try await ChampionChallenger().select(
            problem: problem, solutions: solutions(answers), answers: answers, grader: grader, judge: judge)
        #expect(outcome.votes.groups.map(\.answer) == ["9", "42", "7"])
        #expect(outcome.champion == 0)
        // 42 as B: 1 − 0.3 = 0.7; as A: 0.8; mean 0.75. 7 as B: 1 − 0.6 = 0.4; as A: 0.6; mean 0.5.
        #expect(outcome.challenges.map(\.group) == [1, 2])
        #expect(outcome.challenges.map(\.candidate) == [1, 5])
        #expect(outcome.challenges.map(\.asSecond).map { ($0 * 1e9).rounded() } == [0.7e9, 0.4e9])
        #expect(outcome.challenges.map(\.asFirst) == [0.8, 0.6])
        #expect(outcome.selected == 1 && outcome.answer == "42" && outcome.selectedCandidate == 1)
        // The same comparisons at other thresholds: 42 (0.75) takes over below 0.75, the champion stays above.
        #expect(outcome.selection(threshold: 0.7) == 1)
        #expect(outcome.selection(threshold: 0.75) == 0)
        // Two calls, the champion's first sample as A in the first, as B in the second; 4 comparisons.
        let calls = judge.calls
        #expect(calls.count == 2)
        #expect(
            calls[0].map { $0.first.map(\.text).joined() }
                == Array(repeating: "Sample 0.\n\nSo $\\boxed{9}$.", count: 2))
        #expect(
            calls[1].map { $0.second.map(\.text).joined() }
                == Array(repeating: "Sample 0.\n\nSo $\\boxed{9}$.", count: 2))
        #expect(outcome.usage.promptTokensEvaluated == 40)
    }

    @Test func theChampionKeepsItsPlaceBelowTheThresholdAndOnATie() async throws {
        let answers: [String?] = ["9", "42", "9", "7"]
        let strict = try await ChampionChallenger(threshold: 0.8).select(
            problem: problem, solutions: solutions(answers), answers: answers, grader: grader, judge: judge)
        #expect(strict.answer == "9", "42 wins 0.75, under 0.8")
        // Without 42, 7 wins exactly 0.5: a tie keeps the champion.
        let tie = try await ChampionChallenger().select(
            problem: problem, solutions: solutions(["9", "7"]), answers: ["9", "7"], grader: grader, judge: judge)
        #expect(tie.challenges.map(\.winProbability) == [0.5])
        #expect(tie.answer == "9")
    }

    @Test func withoutADisagreementOrAnAnswerNothingIsCompared() async throws {
        let judge = ScriptedPairwiseJudge { _, _ in 1 }
        let agreed = try await ChampionChallenger().select(
            problem: problem, solutions: solutions(["9", "9.0", nil]), answers: ["9", "9.0", nil], grader: grader,
            judge: judge)
        #expect(agreed.answer == "9" && agreed.challenges.isEmpty)
        let silent = try await ChampionChallenger().select(
            problem: problem, solutions: solutions([nil, nil]), answers: [nil, nil], grader: grader, judge: judge)
        #expect(silent.answer == nil && silent.champion == nil && silent.selectedCandidate == nil)
        #expect(judge.calls.isEmpty)
    }

    @Test func thePromptShowsBothSolutionsAndAsksForALetter() {
        let messages = PairwiseJudgePrompt.messages(
            problem: problem, first: ["Six sevens.\n\n", "$\\boxed{42}$"], second: ["$\\boxed{48}$\n\n"])
        #expect(messages.map(\.role) == [.system, .user])
        let user = messages[1].content
        #expect(user.hasPrefix("Problem:\nWhat is 6 times 7?\n\nSolution A:\nSix sevens.\n\n$\\boxed{42}$\n\n"))
        #expect(user.contains("Solution B:\n$\\boxed{48}$\n\n"))
        #expect(user.hasSuffix("Which solution has the correct final answer? Answer A or B."))
    }
}
