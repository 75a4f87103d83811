/// Which stored problems a report covers.
public enum ProblemScope: String, Sendable, Hashable, NamedChoice {
    /// Every stored problem run: each series over the problems it has.
    case all
    /// Only the problems that every series has finished at every budget it ran, so that every row of the
    /// report is over the same problems (a paired comparison while an evaluation is still running: a 100-problem
    /// baseline read beside a series that has covered 10 so far).
    case common

    public static let optionName = "problems"

    /// The runs of the problems in scope.
    ///
    /// - Parameter runs: the runs of one dataset.
    func select(_ runs: [StoredRun]) -> [StoredRun] {
        guard self == .common else { return runs }
        let groups = Dictionary(grouping: runs) { Group(series: SeriesKey($0.key), budget: $0.key.budget) }
        let covered = groups.values.map { Set($0.map(\.key.problemID)) }
        guard var common = covered.first else { return runs }
        for problems in covered.dropFirst() { common.formIntersection(problems) }
        return runs.filter { common.contains($0.key.problemID) }
    }

    private struct Group: Hashable {
        var series: SeriesKey
        var budget: Int
    }
}
