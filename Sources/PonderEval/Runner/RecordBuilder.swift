public import Foundation
public import PonderCore

/// Turns a finished search into what the store keeps: grades every candidate against the gold answer,
/// applies every selection rule at every reported budget, and attributes compute to each budget.
public struct RecordBuilder: Sendable {
    /// Grades answers against gold (`MathGrader(configuration: .grading)` in the CLI: percent variants on).
    public var grading: any AnswerGrader
    /// Groups answers for voting (`MathGrader(configuration: .voting)`).
    public var voting: any AnswerGrader

    /// Creates a builder.
    public init(grading: any AnswerGrader, voting: any AnswerGrader) {
        self.grading = grading
        self.voting = voting
    }

    /// The selection rule an `auto` run's answer is stored under: the plan's own choice.
    public static let planRule = "plan"

    /// Whether `answer` is equivalent to `gold`.
    public func isCorrect(_ answer: String?, gold: String) -> Bool {
        guard let answer else { return false }
        return grading.isEquivalent(gold, answer)
    }

    /// The record of a finished run.
    ///
    /// - Parameters:
    ///   - result: the search result (completed, not cancelled).
    ///   - key: the run's key.
    ///   - configuration: the configuration it ran.
    ///   - problem: the dataset problem, with its gold answer.
    ///   - finishedAt: when it finished.
    public func record(
        _ result: SearchResult, key: RunKey, configuration: RunConfiguration, problem: DatasetProblem,
        finishedAt: Date
    ) -> ProblemRunRecord {
        let candidates = result.candidates.enumerated().map { position, candidate in
            CandidateRecord(
                position: position, subtree: candidate.subtree,
                text: candidate.text, steps: candidate.steps, stepScores: candidate.stepScores,
                answer: candidate.answer?.text, answerRule: candidate.answer?.rule.rawValue,
                correct: isCorrect(candidate.answer?.text, gold: problem.answer),
                generatedTokens: candidate.generatedTokens, usage: candidate.usage,
                finishReason: candidate.finishReason.rawValue, outcomeScore: candidate.outcomeScore,
                stepLogProbabilities: candidate.stepLogProbabilities)
        }
        if configuration.planner != nil {
            // The plan chose the strategy and the rule: its answer is the run's one outcome, at its budget.
            let budget = configuration.budget
            return ProblemRunRecord(
                key: key, gold: problem.answer, level: problem.level, subject: problem.subject, beamWidth: nil,
                accounting: result.accounting, candidates: candidates,
                selections: [
                    SelectionOutcome(
                        budget: budget, rule: Self.planRule, answer: result.answer,
                        correct: isCorrect(result.answer, gold: problem.answer))
                ],
                costs: [
                    Subsample.wholeRun(budget: budget, candidates: candidates.count, accounting: result.accounting)
                ],
                finishedAt: finishedAt, stopReason: result.stopReason, samplesSpent: result.samplesSpent,
                plan: result.plan)
        }
        let tree = configuration.strategy == .beam || configuration.strategy == .dvts
        let beamWidth = tree ? configuration.tree.beamWidth : nil
        let calculator = OutcomeCalculator(voting: voting)
        return ProblemRunRecord(
            key: key, gold: problem.answer, level: problem.level, subject: problem.subject, beamWidth: beamWidth,
            accounting: result.accounting, candidates: candidates,
            selections: calculator.selections(
                candidates: candidates, strategy: configuration.strategy, runBudget: configuration.budget,
                beamWidth: beamWidth, budgets: configuration.reportedBudgets, rules: configuration.rules,
                mode: configuration.verifierMode),
            costs: calculator.costs(
                candidates: candidates, strategy: configuration.strategy, runBudget: configuration.budget,
                beamWidth: beamWidth, budgets: configuration.reportedBudgets, accounting: result.accounting),
            finishedAt: finishedAt, stopReason: result.stopReason, samplesSpent: result.samplesSpent)
    }
}
