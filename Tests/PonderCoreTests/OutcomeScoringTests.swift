import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

/// Outcome scoring: each whole solution scored once, and selection by those scores in Best-of-N and in the
/// final vote of beam search and DVTS, against hand-worked examples on scripted models.
@Suite struct OutcomeScoringTests {
    let problem = Problem(id: "p1", statement: "What is 1 + 1?", referenceAnswer: "2")

    /// The outcome score of a scripted solution by its boxed answer.
    private static func outcome(_ table: [String: Double]) -> ScriptedPRM.Score {
        { texts in
            let text = texts.joined()
            return table.first { text.contains("\\boxed{\($0.key)}") }?.value ?? 0
        }
    }

    /// Four samples answering 3, 2, 3, 5. Step scores favour 5 (0.9 against 0.1); outcome scores are 3: 0.45,
    /// 2: 0.8, 5: 0.6. By hand: outcome max picks 2 (0.8); outcome vote sums 3 to 0.9 > 0.8 > 0.6 and picks 3;
    /// step max would pick 5.
    @Test func bestOfNInOutcomeModeSelectsByOneScorePerSolution() async throws {
        let policy = ScriptedPolicy(answers: ["3", "2", "3", "5"])
        let verifier = ScriptedPRM(
            score: { $0.joined().contains("{5}") ? 0.9 : 0.1 }, outcome: Self.outcome(["3": 0.45, "2": 0.8, "5": 0.6]))
        let context = SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting))

        let best = try await BestOfN(n: 4, selection: .lastMax, mode: .outcome).search(problem, in: context)
        #expect(best.answer == "2")
        #expect(best.candidates.map(\.outcomeScore) == [0.45, 0.8, 0.45, 0.6])
        #expect(best.candidates.map(\.score) == [0.45, 0.8, 0.45, 0.6], "the rule's path score is the outcome")
        #expect(best.candidates.allSatisfy { $0.stepScores == nil }, "no step is scored")
        #expect(verifier.calls.isEmpty)
        #expect(verifier.outcomeCalls.map(\.count) == [4], "one batched call, one request per solution")
        #expect(
            verifier.outcomeCalls[0][1].steps.map(\.text) == ["Let us think.\n\n", "The answer is $\\boxed{2}$."],
            "the judge reads the solution's own steps")
        #expect(best.accounting.verifier?.usage.promptTokensEvaluated == 4, "outcome passes are verifier compute")

        let vote = try await BestOfN(n: 4, selection: .lastVote, mode: .outcome).search(problem, in: context)
        #expect(vote.answer == "3")
        #expect(vote.votes.groups.map(\.score) == [0.9, 0.8, 0.6])

        // One score per solution: every aggregation leaves it as it is, so rules differ only in max or vote.
        for aggregation in ScoreAggregation.allCases {
            let rule = SelectionRule(kind: .max, aggregation: aggregation)
            #expect(try await BestOfN(n: 4, selection: rule, mode: .outcome).search(problem, in: context).answer == "2")
        }
        let stepped = try await BestOfN(n: 4, selection: .lastMax).search(problem, in: context)
        #expect(stepped.answer == "5", "step mode, unchanged, reads the step scores")
        #expect(stepped.candidates.allSatisfy { $0.outcomeScore == nil })
    }

    /// DVTS, N = 8, M = 4: two subtrees; step scores keep s2 (answer 5) and s5 (answer 7), and their last steps
    /// score 0.7 and 0.9, so the step vote picks 7. Outcome scores are 5: 0.95, 7: 0.2, so the outcome vote and
    /// max pick 5; pruning is the same in both modes.
    @Test func treeSearchTakesItsFinalVoteByOutcomeScores() async throws {
        let policy = StepScriptPolicy { path, sibling in
            path.isEmpty
                ? .init("s\(sibling)")
                : .init("\(path[0])-x\(sibling) \\boxed{\(path[0] == "s2" ? 5 : 7)}", .endOfGeneration)
        }
        let verifier = ScriptedPRM(
            score: { path in
                if path.count == 1 { return ["s2": 0.8, "s5": 0.6][path[0]] ?? 0.1 }
                return path[0] == "s2" ? 0.7 : 0.9
            },
            outcome: Self.outcome(["5": 0.95, "7": 0.2]))
        let context = SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting))
        let tree = TreeSearchParameters(budget: 8, beamWidth: 4)

        let steps = try await TreeSearch(.dvts, tree: tree).search(problem, in: context)
        #expect(steps.answer == "7")
        #expect(verifier.outcomeCalls.isEmpty, "step mode scores no outcome")

        for rule in [SelectionRule.lastVote, .lastMax] {
            let outcome = try await TreeSearch(.dvts, tree: tree, selection: rule, mode: .outcome).search(
                problem, in: context)
            #expect(outcome.candidates.map { $0.steps.first } == ["s2", "s5"], "pruning still reads step scores")
            #expect(outcome.candidates.map(\.stepScores) == [[0.8, 0.7], [0.6, 0.9]])
            #expect(outcome.candidates.map(\.outcomeScore) == [0.95, 0.2])
            #expect(outcome.answer == "5", "\(rule): 0.95 beats 0.2")
        }
        #expect(verifier.outcomeCalls.map(\.count) == [2, 2], "the finished paths, once each, in one call per search")
    }

    /// The outcome scores of the verifiers without a judge of their own: self-certainty is exp(mean log p)
    /// over all of a solution's tokens (not the mean of its steps' scores); a PRM's is its last step's score,
    /// read in one request per solution; a solution without steps scores 0 and asks nothing.
    @Test func naturalOutcomeScoresOfSelfCertaintyAndOfAStepPRM() async throws {
        let solution = [
            Step(text: "ab", tokens: [1, 2], tokenLogProbabilities: [-1, -1]),
            Step(text: "c", tokens: [3], tokenLogProbabilities: [-0.25]),
        ]
        let request = OutcomeScoringRequest(problem: problem, steps: solution)
        let certainty = try await SelfCertainty().scoreOutcomes([
            request, OutcomeScoringRequest(problem: problem, steps: []),
        ])
        #expect(abs(certainty[0].score - exp(-2.25 / 3)) < 1e-12, "token-weighted, not exp(mean(-1, -0.25))")
        #expect(certainty[1].score == 0)

        let prm = ScriptedPRM { path in path.count == 2 ? 0.3 : 0.9 }
        let scores = try await prm.scoreOutcomes([
            request, OutcomeScoringRequest(problem: problem, steps: []),
            OutcomeScoringRequest(problem: problem, steps: [solution[0]]),
        ])
        #expect(scores.map(\.score) == [0.3, 0, 0.9])
        #expect(prm.calls.count == 1, "one call for every solution")
        #expect(prm.calls[0].map(\.firstStep) == [1, 0], "only the last step of each, the empty one not asked")
    }

    @Test func verifierModesParseByName() throws {
        #expect(try VerifierMode(parsing: "Outcome") == .outcome)
        #expect(try VerifierMode(parsing: "step") == .step)
        #expect(throws: PonderError.self) { try VerifierMode(parsing: "orm") }
        #expect(try OutcomeJudgePrompt(parsing: "skeptical") == .skeptical)
        #expect(throws: PonderError.self) { try OutcomeJudgePrompt(parsing: "none") }
    }

    /// The judge sees the problem and the whole solution, never a solution of its own: the text layout holds the
    /// solution as written, the steps layout one line per step, both ending in the Yes/No question.
    @Test func outcomeJudgePromptsHoldTheProblemAndTheWholeSolution() {
        let steps = ["We add.\n\n", "So \\boxed{2}."]
        let text = OutcomeJudgePrompt.finalAnswer.messages(problem: problem, steps: steps)
        #expect(text.map(\.role) == [.system, .user])
        #expect(
            text[1].content
                == "Problem:\nWhat is 1 + 1?\n\nStudent's solution:\nWe add.\n\nSo \\boxed{2}.\n\n"
                + "Is the final answer of this solution correct? Answer Yes or No.")
        let listed = OutcomeJudgePrompt.steps.messages(problem: problem, steps: steps)
        #expect(listed[1].content.contains("Step 1: We add.\nStep 2: So \\boxed{2}.\n"))
        for variant in OutcomeJudgePrompt.builtIn {
            #expect(variant.messages(problem: problem, steps: steps)[1].content.hasSuffix("Answer Yes or No."))
        }
    }
}
