package import PonderCore

/// Applies selection rules after the fact to stored candidates, at every reported budget: one run yields
/// every rule's answer at every budget up to its own.
package struct OutcomeCalculator: Sendable {
    /// Groups candidate answers for voting (`MathGrader(configuration: .voting)` in the CLI).
    package var voting: any AnswerGrader

    /// Creates a calculator.
    package init(voting: any AnswerGrader) {
        self.voting = voting
    }

    /// The answer each rule picks at each budget, graded by the winning group's first candidate (whose
    /// answer is the group's answer).
    ///
    /// - Parameters:
    ///   - candidates: the run's graded candidates, in order.
    ///   - strategy: the run's strategy.
    ///   - runBudget: the budget N it ran at.
    ///   - beamWidth: its beam width M (DVTS subsampling).
    ///   - budgets: the budgets to report (at most N).
    ///   - rules: the rules to apply.
    ///   - mode: whether the rules read the candidates' step scores or their outcome scores (one score each,
    ///     which every aggregation leaves as it is).
    package func selections(
        candidates: [CandidateRecord], strategy: StrategyKind, runBudget: Int, beamWidth: Int?, budgets: [Int],
        rules: [SelectionRule], mode: VerifierMode = .step
    ) -> [SelectionOutcome] {
        let grader = MemoizingGrader(voting)
        var outcomes: [SelectionOutcome] = []
        for budget in budgets where budget <= runBudget {
            let positions = Subsample.positions(
                strategy: strategy, budget: budget, runBudget: runBudget, beamWidth: beamWidth,
                subtrees: candidates.map(\.subtree))
            let chosen = positions.map { candidates[$0] }
            for rule in rules {
                let table = VoteTable(
                    answers: chosen.map(\.answer),
                    stepScores: chosen.map { mode == .outcome ? $0.outcomeScore.map { [$0] } : $0.stepScores },
                    rule: rule, grader: grader)
                let winner = table.winner.map { table.groups[$0] }
                let correct = winner.flatMap(\.members.first).map { chosen[$0].correct } ?? false
                outcomes.append(
                    SelectionOutcome(budget: budget, rule: rule.name, answer: winner?.answer, correct: correct))
            }
        }
        return outcomes
    }

    /// The compute attributed to each budget (see ``Subsample``).
    package func costs(
        candidates: [CandidateRecord], strategy: StrategyKind, runBudget: Int, beamWidth: Int?, budgets: [Int],
        accounting: ComputeAccounting
    ) -> [BudgetCost] {
        budgets.filter { $0 <= runBudget }.map { budget in
            let positions = Subsample.positions(
                strategy: strategy, budget: budget, runBudget: runBudget, beamWidth: beamWidth,
                subtrees: candidates.map(\.subtree))
            return Subsample.cost(
                strategy: strategy, budget: budget, runBudget: runBudget, positions: positions,
                usages: candidates.map(\.usage), accounting: accounting)
        }
    }
}
