/// Every series against majority vote on the same problems, and against a larger model's CoT where one was run.
extension ReportTables {
    var againstMajority: ReportTable {
        let rows = summary.againstMajority
        let targets = Array(Set(rows.compactMap { $0.target?.label })).sorted()
        var header = ["series", "rule", "N", "problems", "series", "majority", "series − majority [95% CI]"]
        var note =
            "Paired by problem: each problem's accuracy (averaged over seeds) under the series' primary rule and "
            + "under majority vote of the same policy at the same budget N, on the problems both ran (a series "
            + "that has covered only some problems is read against majority on those); the interval is a "
            + "bootstrap over those problems."
        if !targets.isEmpty {
            header += ["larger model's CoT", "series − larger CoT [95% CI]"]
            note +=
                " The larger model's CoT (\(targets.joined(separator: "; "))) is the paper's target, read the same "
                + "way on the problems both ran (their count in brackets where it differs from the problems column)."
        }
        return ReportTable(
            title: "Against majority vote on the same problems",
            header: header,
            rows: rows.map { row in
                var cells = [
                    row.series, row.rule, "\(row.budget)", "\(row.paired.problems)",
                    Formatting.percent(row.paired.first),
                    Formatting.percent(row.paired.second), Formatting.interval(row.paired.difference),
                ]
                if !targets.isEmpty {
                    if let target = row.target {
                        let count = target.paired.problems == row.paired.problems ? "" : " (\(target.paired.problems))"
                        cells += [
                            Formatting.percent(target.paired.second) + count,
                            Formatting.interval(target.paired.difference),
                        ]
                    } else {
                        cells += ["–", "–"]
                    }
                }
                return cells
            },
            note: note)
    }
}
