import PonderCore

/// `auto` against each fixed strategy at each budget, paired by problem: the difference of accuracy
/// auto − fixed on the problems both ran, with a bootstrap interval over problems (issue 13's measure: auto is
/// compute-optimal where no interval lies below zero).
public enum PlannerComparison {
    /// One comparison at one budget.
    public struct Row: Sendable, Hashable {
        /// The auto series' label.
        public var auto: String
        /// The fixed series' label.
        public var fixed: String
        /// The budget N.
        public var budget: Int
        /// Problems both ran at N.
        public var problems: Int
        /// Auto's accuracy on them.
        public var autoAccuracy: Double
        /// The fixed series' accuracy on them (under its primary rule).
        public var fixedAccuracy: Double
        /// Auto − fixed, with its bootstrap interval over problems.
        public var difference: ConfidenceInterval
    }

    /// Every (auto series, fixed series of the same policy and dataset, shared budget) pair.
    public static func rows(_ series: [SeriesSummary], bootstrap: Bootstrap) -> [Row] {
        var rows: [Row] = []
        for auto in series where auto.key.strategy == AutoStrategy.name {
            for fixed in series
            where fixed.key.strategy != AutoStrategy.name && fixed.key.policy == auto.key.policy
                && fixed.key.dataset == auto.key.dataset
            {
                for (budget, paired) in PairedAccuracy.atSharedBudgets(of: auto, against: fixed, bootstrap: bootstrap) {
                    rows.append(
                        Row(
                            auto: auto.label, fixed: fixed.label, budget: budget, problems: paired.problems,
                            autoAccuracy: paired.first, fixedAccuracy: paired.second, difference: paired.difference))
                }
            }
        }
        return rows
    }
}
