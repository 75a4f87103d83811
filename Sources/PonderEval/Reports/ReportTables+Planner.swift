/// The planner's table: `auto` against each fixed strategy at each budget, paired by problem.
extension ReportTables {
    var planner: ReportTable {
        ReportTable(
            title: "The planner against fixed strategies",
            header: ["auto", "against", "N", "problems", "auto", "fixed", "auto − fixed [95% CI]"],
            rows: summary.planner.map { row in
                [
                    row.auto, row.fixed, "\(row.budget)", "\(row.problems)", Formatting.percent(row.autoAccuracy),
                    Formatting.percent(row.fixedAccuracy), Formatting.interval(row.difference),
                ]
            },
            note: "Paired by problem: each problem's accuracy (averaged over seeds) under auto's plan and under the "
                + "fixed series' primary rule at the same budget N, on the problems both ran; the interval is a "
                + "bootstrap over problems. Auto is at least as good as a fixed strategy where the interval does not "
                + "lie below zero.")
    }
}
