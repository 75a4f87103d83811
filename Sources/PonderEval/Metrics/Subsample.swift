package import PonderCore

/// Smaller budgets from one run at a larger budget, as search-and-learn computes its curves.
///
/// - **Majority vote and Best-of-N** at budget n use the first n of the N samples: sample i is drawn with
///   a seed derived from the base seed and i alone, so they are exactly the samples a run at N = n draws.
/// - **DVTS** at budget n uses the paths of the first n/M subtrees (M the beam width); a subtree whose
///   beam died contributes no path, so there may be fewer than n/M.
/// - **CoT and beam search** are reported only at the budget they ran at (beam search at N is not beam
///   search at a smaller N with candidates removed).
///
/// Compute is attributed to budget n as follows (the ``BudgetCost`` stored for each budget):
/// - **policy**, majority vote and Best-of-N: the first n candidates' own token usage, which includes
///   the prompt once (the engine charges the shared prompt's evaluation to the first sample), plus a
///   share n/N of anything the run spent outside the candidates;
/// - **policy**, DVTS: a share n/N of the run's usage (the subtrees run in lock step and are alike, and
///   pruned siblings are not charged to any one path);
/// - **verifier**, policy and verifier **seconds**, and **wall time**: a share n/N of the run's.
/// At the run's own budget every figure is the measured one. Attributed wall time is an estimate, not a
/// measurement: a batch of n samples ends when its longest sample ends.
package enum Subsample {
    /// Whether `strategy` reports budgets below the one it ran at.
    package static func isSubsampled(_ strategy: StrategyKind) -> Bool {
        strategy == .majority || strategy == .bestOfN || strategy == .dvts
    }

    /// Positions of the candidates that make up budget `n` of a run at `runBudget`.
    ///
    /// - Parameters:
    ///   - strategy: the run's strategy.
    ///   - n: the budget to report, at most `runBudget` (and equal to it for CoT and beam search).
    ///   - runBudget: the budget N the run had.
    ///   - beamWidth: the run's beam width M (DVTS).
    ///   - subtrees: each candidate's subtree (DVTS), in candidate order.
    /// - Returns: candidate positions, ascending.
    package static func positions(
        strategy: StrategyKind, budget n: Int, runBudget: Int, beamWidth: Int?, subtrees: [Int?]
    ) -> [Int] {
        let all = Array(subtrees.indices)
        guard n < runBudget else { return all }
        switch strategy {
        case .majority, .bestOfN:
            return Array(all.prefix(n))
        case .dvts:
            let kept = n / max(beamWidth ?? 1, 1)
            return all.filter { (subtrees[$0] ?? Int.max) < kept }
        case .cot, .beam, .particleFilter:
            return all
        }
    }

    /// The fraction n/N of a run attributed to budget `n`.
    package static func share(budget n: Int, runBudget: Int) -> Double {
        runBudget > 0 ? min(Double(n) / Double(runBudget), 1) : 1
    }

    /// The whole measured compute of a run at budget `n` over all its `candidates`: the cost of a run reported
    /// only at the budget it ran at (an `auto` run's plan).
    package static func wholeRun(budget n: Int, candidates: Int, accounting: ComputeAccounting) -> BudgetCost {
        BudgetCost(
            budget: n, candidates: candidates, policy: AttributedCompute(accounting.policy, share: 1),
            verifier: AttributedCompute(accounting.verifier, share: 1), wallSeconds: accounting.wallSeconds)
    }

    /// The compute attributed to budget `n` of a run.
    ///
    /// - Parameters:
    ///   - strategy: the run's strategy.
    ///   - n: the budget.
    ///   - runBudget: the budget N the run had.
    ///   - positions: the candidates of budget `n` (from ``positions(strategy:budget:runBudget:beamWidth:subtrees:)``).
    ///   - usages: every candidate's policy usage.
    ///   - accounting: the run's measured accounting.
    package static func cost(
        strategy: StrategyKind, budget n: Int, runBudget: Int, positions: [Int], usages: [TokenUsage],
        accounting: ComputeAccounting
    ) -> BudgetCost {
        let share = share(budget: n, runBudget: runBudget)
        let measured = accounting.policy
        var policy = AttributedCompute(measured, share: share)
        if share < 1, strategy == .majority || strategy == .bestOfN {
            let all = usages.reduce(TokenUsage.zero, +)
            let kept = positions.reduce(TokenUsage.zero) { $0 + usages[$1] }
            // What the run spent outside its candidates (zero for independent samples), shared out.
            let evaluated =
                Double(kept.promptTokensEvaluated)
                + Double(max(measured.usage.promptTokensEvaluated - all.promptTokensEvaluated, 0)) * share
            let reused =
                Double(kept.promptTokensReused)
                + Double(max(measured.usage.promptTokensReused - all.promptTokensReused, 0)) * share
            let generated =
                Double(kept.generatedTokens)
                + Double(max(measured.usage.generatedTokens - all.generatedTokens, 0)) * share
            policy.promptTokensEvaluated = evaluated
            policy.promptTokensReused = reused
            policy.generatedTokens = generated
            policy.flops = 2 * Double(measured.parameterCount) * (evaluated + generated)
        }
        return BudgetCost(
            budget: n, candidates: positions.count, policy: policy,
            verifier: AttributedCompute(accounting.verifier, share: share),
            wallSeconds: accounting.wallSeconds * share)
    }
}
