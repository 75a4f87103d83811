/// Every series against majority vote on the same problems.
extension ReportTables {
    var againstMajority: ReportTable {
        ReportTable(
            title: "Against majority vote on the same problems",
            header: ["series", "rule", "N", "problems", "series", "majority", "series − majority [95% CI]"],
            rows: summary.againstMajority.map { row in
                [
                    row.series, row.rule, "\(row.budget)", "\(row.paired.problems)",
                    Formatting.percent(row.paired.first),
                    Formatting.percent(row.paired.second), Formatting.interval(row.paired.difference),
                ]
            },
            note: "Paired by problem: each problem's accuracy (averaged over seeds) under the series' primary rule and "
                + "under majority vote of the same policy at the same budget N, on the problems both ran (a series "
                + "that has covered only some problems is read against majority on those); the interval is a "
                + "bootstrap over those problems.")
    }
}
