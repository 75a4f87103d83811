/// Two series' accuracy on the problems both ran, paired by problem: each problem's accuracy (averaged over its
/// seeds) under each series' primary rule, and the difference first − second with a bootstrap interval over the
/// shared problems. A paired difference is what tells two series apart on few problems: both read the same
/// problems, so the problems' difficulty cancels.
public struct PairedAccuracy: Sendable, Hashable {
    /// Problems both ran.
    public var problems: Int
    /// The first series' accuracy on them.
    public var first: Double
    /// The second series' accuracy on them.
    public var second: Double
    /// First − second, with its bootstrap interval over problems.
    public var difference: ConfidenceInterval

    /// The pairing of two per-problem accuracies; `nil` when no problem is shared.
    init?(_ first: [String: Double], _ second: [String: Double], bootstrap: Bootstrap) {
        let shared = first.keys.filter { second[$0] != nil }.sorted()
        guard let interval = bootstrap.interval(shared.map { [(first[$0] ?? 0) - (second[$0] ?? 0)] }) else {
            return nil
        }
        let count = Double(shared.count)
        self.problems = shared.count
        self.first = shared.reduce(0) { $0 + (first[$1] ?? 0) } / count
        self.second = shared.reduce(0) { $0 + (second[$1] ?? 0) } / count
        self.difference = interval
    }

    /// `series` against `other` at each of `series`' budgets that `other` also ran, in budget order; budgets
    /// without a shared problem are left out.
    static func atSharedBudgets(
        of series: SeriesSummary, against other: SeriesSummary, bootstrap: Bootstrap
    ) -> [(budget: Int, paired: PairedAccuracy)] {
        series.budgets.map(\.budget).filter { other.budget($0) != nil }.compactMap { budget in
            PairedAccuracy(outcomes(series, budget: budget), outcomes(other, budget: budget), bootstrap: bootstrap)
                .map { (budget, $0) }
        }
    }

    /// Each problem's accuracy at `budget` under the series' primary rule, averaged over its seeds.
    static func outcomes(_ series: SeriesSummary, budget: Int) -> [String: Double] {
        let rows = series.problemRows.filter { $0.budget == budget && $0.correct != nil }
        return Dictionary(grouping: rows, by: \.problemID).mapValues { rows in
            Double(rows.count { $0.correct == true }) / Double(rows.count)
        }
    }
}
