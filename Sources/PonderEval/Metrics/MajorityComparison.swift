import Foundation
import PonderCore

/// Every series against majority vote of the same policy at the same budget N, paired by problem on the problems
/// both ran: what a verifier or a search adds over voting on the same samples' budget, measured on the same
/// problems even while a series has covered only some of them (a tree search on the first 24 of 100 problems is
/// read against majority on those 24, not on all 100). `auto` is left out: the planner's table pairs it with
/// every fixed strategy.
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
    }

    /// A row per (series, budget) that a majority series of the same policy and dataset also ran; against a
    /// fixed-budget majority series before one with a stopping rule, then the one with the most stored runs.
    public static func rows(_ series: [SeriesSummary], bootstrap: Bootstrap) -> [Row] {
        let majority = StrategyKind.majority.rawValue
        var rows: [Row] = []
        for candidate in series where candidate.key.strategy != majority && candidate.key.strategy != AutoStrategy.name
        {
            guard
                let voting = series.filter({
                    $0.key.strategy == majority && $0.key.policy == candidate.key.policy
                        && $0.key.dataset == candidate.key.dataset
                }).max(by: { left, right in
                    let (l, r) = (rank(left), rank(right))
                    return (l.0, l.1, right.label) < (r.0, r.1, left.label)
                })
            else { continue }
            for budget in candidate.budgets.map(\.budget) where voting.budget(budget) != nil {
                guard
                    let paired = PairedAccuracy(
                        PairedAccuracy.outcomes(candidate, budget: budget),
                        PairedAccuracy.outcomes(voting, budget: budget), bootstrap: bootstrap)
                else { continue }
                rows.append(
                    Row(
                        series: candidate.label, rule: candidate.primaryRule, majority: voting.label, budget: budget,
                        paired: paired))
            }
        }
        return rows
    }

    /// A majority series' precedence as the baseline: fixed budget first (its parameters name no stopping rule),
    /// then more stored runs.
    private static func rank(_ series: SeriesSummary) -> (Int, Int) {
        let parameters = try? JSONSerialization.jsonObject(with: Data(series.key.parameters.utf8)) as? [String: Any]
        return (parameters?["stopping"] == nil ? 1 : 0, series.runCount)
    }
}
