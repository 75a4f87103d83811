/// The verifier diagnostics' figures: the selection gap per series, reliability diagrams per score, and the
/// score against solution length for right and wrong candidates.
package struct DiagnosticsFigures: Sendable {
    /// The diagnostics plotted.
    package var diagnostics: VerifierDiagnostics
    /// The dataset, for titles.
    package var dataset: String

    /// Creates the figures.
    package init(diagnostics: VerifierDiagnostics, dataset: String) {
        self.diagnostics = diagnostics
        self.dataset = dataset
    }

    /// The rules drawn in the selection-gap panels: majority and the PRM votes (PRM-Max is in the tables).
    static let gapRules = ["majority", "prm-last-vote", "prm-min-vote", "prm-avg-vote", "prm-prod-vote"]

    static let noScores = "no scored candidates: no series has a verifier"

    /// Per series (CoT excluded), accuracy against budget: pass@N of the candidates (black) above the rules'
    /// accuracy. The distance between them is what selection lost.
    package var selectionGap: PlotGrid {
        let keys = Self.unique(diagnostics.selection.map(\.key))
        let panels = keys.map { key in
            let rows = diagnostics.selection.filter { $0.key == key }
            let label = rows.first?.series ?? key.strategy
            var series = [
                PlotSeries(
                    name: "pass@N",
                    points: rows.map { row in
                        PlotSeries.Point(
                            x: Double(row.budget), y: row.coverage.estimate, lower: row.coverage.lower,
                            upper: row.coverage.upper)
                    }, color: "#000000")
            ]
            let rules = Self.gapRules.filter { rule in rows.contains { $0.rule(rule) != nil } }
            for (index, rule) in rules.enumerated() {
                series.append(
                    PlotSeries(
                        name: rule,
                        points: rows.compactMap { row in
                            row.rule(rule).map {
                                PlotSeries.Point(
                                    x: Double(row.budget), y: $0.accuracy.estimate, lower: $0.accuracy.lower,
                                    upper: $0.accuracy.upper)
                            }
                        }, color: PlotSeries.palette[index % (PlotSeries.palette.count - 2)]))
            }
            let budgets = rows.map { Double($0.budget) }
            return LinePlot(
                title: label, xLabel: "budget N (log₂)", yLabel: "accuracy", xScale: .log2,
                xRange: budgets.min().flatMap { low in budgets.max().map { low...$0 } }, series: series, width: 460,
                height: 400)
        }
        return PlotGrid(
            title: "Selection gap: pass@N of the candidates vs the rules · \(dataset)",
            panels: panels.isEmpty
                ? [
                    Self.empty(
                        "Selection gap", xLabel: "budget N", yLabel: "accuracy",
                        note: "no series with several candidates")
                ]
                : panels,
            columns: 3)
    }

    /// Reliability diagrams: one row per scored series and budget, one panel per score that reads as a
    /// probability (not brevity or finished); the fraction of right candidates per score bin, each point
    /// labelled with its count; the dashed diagonal is a calibrated score.
    package var calibration: PlotGrid {
        let kinds = diagnostics.scores.filter(\.isProbability)
        var panels: [LinePlot] = []
        for entry in diagnostics.discrimination {
            for kind in kinds {
                guard let score = entry.score(kind) else {
                    panels.append(
                        Self.empty(
                            "\(entry.series) N=\(entry.budget) · \(kind.label)", xLabel: "score",
                            yLabel: "fraction right", note: "no \(kind.label) scores"))
                    continue
                }
                let unit = score.reliability.allSatisfy { $0.lower >= 0 && $0.upper <= 1 }
                let low = score.reliability.first?.lower ?? 0
                let high = score.reliability.last?.upper ?? 1
                var series: [PlotSeries] = []
                if unit {
                    series.append(
                        PlotSeries(
                            name: "calibrated", points: [.init(x: 0, y: 0), .init(x: 1, y: 1)], color: "#999999",
                            isReference: true))
                }
                series.append(
                    PlotSeries(
                        name: "fraction right (n)",
                        points: score.reliability.map {
                            PlotSeries.Point(x: $0.meanScore, y: $0.fractionCorrect, label: "\($0.count)")
                        }, color: PlotSeries.palette[0]))
                let ece = score.expectedCalibrationError.map { " · ECE \(Formatting.score($0))" } ?? ""
                panels.append(
                    LinePlot(
                        title: "\(entry.series) N=\(entry.budget) · \(kind.label)\(ece)", xLabel: "score (bin mean)",
                        yLabel: "fraction right", xScale: .linear, xRange: unit ? 0...1 : low...high, series: series,
                        width: 380, height: 340))
            }
        }
        return PlotGrid(
            title: "Reliability of the verifier scores · \(dataset)",
            panels: panels.isEmpty
                ? [Self.empty("Reliability", xLabel: "score", yLabel: "fraction right", note: Self.noScores)] : panels,
            columns: max(kinds.count, 1))
    }

    /// The score against solution length (tokens, then steps), right and wrong candidates apart: one row per
    /// scored series and budget. Each point is a length bin's mean, labelled with its count.
    package var lengthBias: PlotGrid {
        var panels: [LinePlot] = []
        for entry in diagnostics.discrimination {
            let range = Self.scoreRange(entry.lengthBins.map(\.meanScore))
            let score = entry.lengthScore?.label ?? "score"
            for measure in LengthMeasure.allCases {
                let series = [true, false].map { correct in
                    PlotSeries(
                        name: correct ? "right candidates" : "wrong candidates",
                        points: entry.lengthBins.filter { $0.measure == measure && $0.correct == correct }.map {
                            PlotSeries.Point(x: max($0.meanLength, 1), y: $0.meanScore, label: "\($0.count)")
                        }, color: correct ? "#009E73" : "#D55E00")
                }
                panels.append(
                    LinePlot(
                        title: "\(entry.series) N=\(entry.budget) · \(score) by \(measure.rawValue)",
                        xLabel: measure == .tokens ? "tokens generated (bin mean, log₂)" : "steps (bin mean, log₂)",
                        yLabel: "mean score", xScale: .log2, yRange: range, yIsFraction: false, series: series,
                        width: 420, height: 340))
            }
        }
        return PlotGrid(
            title: "Verifier score vs solution length · \(dataset)",
            panels: panels.isEmpty
                ? [Self.empty("Score vs length", xLabel: "length", yLabel: "mean score", note: Self.noScores)] : panels,
            columns: 2)
    }

    /// The y range of mean scores: the data's, widened to the tenths strictly outside it (0.72–0.86 shows as
    /// 0.7–0.9, 0.5 as 0.4–0.6) so that a difference between right and wrong candidates is visible, and within
    /// [0, 1] for probabilities.
    static func scoreRange(_ scores: [Double]) -> ClosedRange<Double> {
        guard let low = scores.min(), let high = scores.max() else { return 0...1 }
        var lower = (low * 10 - 1e-9).rounded(.down) / 10
        var upper = (high * 10 + 1e-9).rounded(.up) / 10
        if upper - lower < 0.2 - 1e-9 { (lower, upper) = (lower - 0.1, upper + 0.1) }
        if low >= 0, high <= 1 { (lower, upper) = (max(lower, 0), min(upper, 1)) }
        return lower...upper
    }

    private static func empty(_ title: String, xLabel: String, yLabel: String, note: String) -> LinePlot {
        LinePlot(
            title: title, xLabel: xLabel, yLabel: yLabel, xScale: .linear, series: [], emptyNote: note,
            width: 460, height: 300)
    }

    private static func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen: Set<T> = []
        return values.filter { seen.insert($0).inserted }
    }
}
