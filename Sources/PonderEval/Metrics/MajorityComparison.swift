import Foundation
import PonderCore

/// Every series against majority vote of the same policy at the same budget N, paired by problem on the problems
/// both ran: what a verifier or a search adds over voting on the same samples' budget, measured on the same
/// problems even while a series has covered only some of them (a tree search on the first 24 of 100 problems is
/// read against majority on those 24, not on all 100). Beside majority, each row reads the series against the
/// paper's target where the database holds one: a larger policy's CoT on the same problems. `auto` is left out:
/// the planner's table pairs it with every fixed strategy.
public enum MajorityComparison {
    /// One series at one budget against majority vote.
    public struct Row: Sendable, Hashable {
        /// The series' label.
        public var series: String
        /// Its primary rule.
        public var rule: String
        /// The majority series' label.
        public var majority: String
        /// The budget N.
        public var budget: Int
        /// The series (first) against majority (second) on the problems both ran at N.
        public var paired: PairedAccuracy
        /// The series against a larger policy's CoT, if the database holds one (see ``target(for:in:parameterCounts:)``).
        public var target: Target?
    }

    /// A series against the larger model's CoT.
    public struct Target: Sendable, Hashable {
        /// The CoT series' label.
        public var label: String
        /// The series (first) against the larger model's CoT (second) on the problems both ran.
        public var paired: PairedAccuracy
    }

    /// A row per (series, budget) that a majority series of the same policy and dataset also ran (see
    /// ``baseline(for:in:)``).
    /// - Parameters:
    ///   - parameterCounts: each policy's parameter count, which says which policies are larger.
    public static func rows(
        _ series: [SeriesSummary], parameterCounts: [String: UInt64], bootstrap: Bootstrap
    ) -> [Row] {
        var rows: [Row] = []
        for candidate in series
        where candidate.key.strategy != StrategyKind.majority.rawValue && candidate.key.strategy != AutoStrategy.name {
            guard let voting = baseline(for: candidate, in: series) else { continue }
            let larger = target(for: candidate, in: series, parameterCounts: parameterCounts)
            for (budget, paired) in PairedAccuracy.atSharedBudgets(of: candidate, against: voting, bootstrap: bootstrap)
            {
                let against = larger.flatMap { cot in
                    cot.budgets.first.flatMap { first in
                        PairedAccuracy(
                            PairedAccuracy.outcomes(candidate, budget: budget),
                            PairedAccuracy.outcomes(cot, budget: first.budget), bootstrap: bootstrap)
                    }
                    .map { Target(label: cot.label, paired: $0) }
                }
                rows.append(
                    Row(
                        series: candidate.label, rule: candidate.primaryRule, majority: voting.label, budget: budget,
                        paired: paired, target: against))
            }
        }
        return rows
    }

    /// The paper's target for `candidate`: CoT of a policy with more parameters on the same dataset (the small model
    /// with test-time scaling against a larger one answering once); of several, the largest, then the first label.
    static func target(
        for candidate: SeriesSummary, in series: [SeriesSummary], parameterCounts: [String: UInt64]
    ) -> SeriesSummary? {
        let own = parameterCounts[candidate.key.policy] ?? 0
        func size(_ series: SeriesSummary) -> UInt64 { parameterCounts[series.key.policy] ?? 0 }
        return
            series
            .filter { $0.isBaseline && $0.key.dataset == candidate.key.dataset && size($0) > own }
            .min { left, right in size(left) != size(right) ? size(left) > size(right) : left.label < right.label }
    }

    /// The majority series `candidate` is read against (see ``baseline(policy:dataset:in:)``).
    static func baseline(for candidate: SeriesSummary, in series: [SeriesSummary]) -> SeriesSummary? {
        baseline(policy: candidate.key.policy, dataset: candidate.key.dataset, in: series)
    }

    /// The majority series of `policy` on `dataset` that others are read against and whose samples estimate
    /// difficulty: a fixed-budget one (its parameters name no stopping rule) before an adaptive one, then the
    /// one with the most stored runs, then the first label.
    static func baseline(policy: String, dataset: String, in series: [SeriesSummary]) -> SeriesSummary? {
        func isFixed(_ series: SeriesSummary) -> Bool {
            let parameters = try? JSONSerialization.jsonObject(with: Data(series.key.parameters.utf8)) as? [String: Any]
            return parameters?["stopping"] == nil
        }
        return
            series
            .filter {
                $0.key.strategy == StrategyKind.majority.rawValue && $0.key.policy == policy
                    && $0.key.dataset == dataset
            }
            .min { left, right in
                if isFixed(left) != isFixed(right) { return isFixed(left) }
                if left.runCount != right.runCount { return left.runCount > right.runCount }
                return left.label < right.label
            }
    }
}
