import PonderCore

/// The report's figures, built from a summary: accuracy against budget (log-2 axis, like the paper's),
/// accuracy against total FLOPs per problem (log-10), and accuracy against budget per difficulty bin.
///
/// Each series plots its primary rule (majority for CoT and majority vote, the report's rule for the
/// verifier strategies) with its 95% bootstrap interval; CoT is a dashed baseline across the plot.
package struct ReportFigures: Sendable {
    /// The summary plotted.
    package var summary: EvalSummary

    /// Creates the figures of `summary`.
    package init(summary: EvalSummary) {
        self.summary = summary
    }

    /// Each series' colour, fixed across figures.
    func color(_ index: Int) -> String { PlotSeries.palette[index % PlotSeries.palette.count] }

    /// Accuracy against the budget N, one series per strategy.
    package var accuracyVersusBudget: LinePlot {
        LinePlot(
            title: "Accuracy vs budget · \(summary.dataset)", xLabel: "budget N (generations, log₂)",
            yLabel: "accuracy", xScale: .log2,
            series: summary.series.enumerated().map { index, series in
                PlotSeries(
                    name: series.label, points: points(series) { Double($0.budget) }, color: color(index),
                    isBaseline: series.isBaseline)
            })
    }

    /// Accuracy against mean total FLOPs per problem (policy plus verifier).
    package var accuracyVersusFLOPs: LinePlot {
        LinePlot(
            title: "Accuracy vs compute · \(summary.dataset)", xLabel: "FLOPs per problem (policy + verifier, log₁₀)",
            yLabel: "accuracy", xScale: .log10,
            series: summary.series.enumerated().map { index, series in
                PlotSeries(
                    name: series.label, points: points(series) { $0.cost.totalFLOPs }, color: color(index),
                    isBaseline: series.isBaseline)
            })
    }

    /// Accuracy against budget, one panel per difficulty bin, all on the same axes.
    package var accuracyByDifficulty: PlotGrid {
        let budgets = summary.series.flatMap { $0.budgets.map { Double($0.budget) } }
        let range = budgets.min().flatMap { low in budgets.max().map { low...$0 } }
        let panels = DifficultyBin.allCases.map { bin in
            let counts = Set(summary.series.map(\.key.policy)).sorted().map {
                summary.problemCount(policy: $0, bin: bin)
            }
            let count = counts.count == 1 ? " · \(counts[0]) problem\(counts[0] == 1 ? "" : "s")" : ""
            return LinePlot(
                title: "\(bin.rawValue) (\(bin.range))\(count)", xLabel: "budget N (log₂)", yLabel: "accuracy",
                xScale: .log2, xRange: range,
                series: summary.series.enumerated().map { index, series in
                    PlotSeries(
                        name: series.label,
                        points: series.budgets.compactMap { budget in
                            guard let accuracy = budget.accuracy(rule: series.primaryRule)?.accuracy(in: bin) else {
                                return nil
                            }
                            return PlotSeries.Point(
                                x: Double(budget.budget), y: accuracy.accuracy.estimate, lower: accuracy.accuracy.lower,
                                upper: accuracy.accuracy.upper)
                        },
                        color: color(index), isBaseline: series.isBaseline)
                },
                emptyNote: "no problems in this bin", width: 420, height: 360)
        }
        return PlotGrid(
            title: "Accuracy by difficulty (the policy's own pass@1) · \(summary.dataset)", panels: panels, columns: 3)
    }

    private func points(_ series: SeriesSummary, x: (BudgetSummary) -> Double) -> [PlotSeries.Point] {
        series.budgets.compactMap { budget in
            guard let accuracy = budget.accuracy(rule: series.primaryRule) else { return nil }
            return PlotSeries.Point(
                x: x(budget), y: accuracy.accuracy.estimate, lower: accuracy.accuracy.lower,
                upper: accuracy.accuracy.upper)
        }
    }
}
