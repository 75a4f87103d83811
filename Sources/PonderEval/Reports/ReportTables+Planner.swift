import Foundation
import PonderCore

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

/// The planner's diagnostics: the efficiency figure, the predictor's confusion matrix, the bounds beside auto.
extension ReportTables {
    var plannerEfficiency: ReportTable {
        ReportTable(
            title: "Efficiency: the budget at which auto reaches majority voting's peak",
            header: [
                "auto", "against", "problems", "peak", "at N", "auto reaches it at N", "spent (generations)",
                "budget ratio", "FLOPs ratio",
            ],
            rows: summary.plannerDiagnostics.efficiency.map { row in
                [
                    row.auto, row.majority, "\(row.problems)", Formatting.percent(row.peakAccuracy),
                    "\(row.peakBudget)", row.autoBudget.map { "\($0)" } ?? "never",
                    row.autoGenerations.map { String(format: "%.1f", $0) } ?? "–",
                    row.budgetRatio.map { String(format: "%.2f×", $0) } ?? "–",
                    row.flopsRatio.map { String(format: "%.2f×", $0) } ?? "–",
                ]
            },
            note: "The paper's efficiency figure: the smallest budget N at which majority voting reaches its best "
                + "accuracy, divided by the smallest budget at which auto reaches that accuracy (the goal: 4× or more); "
                + "beside it the same ratio in FLOPs actually spent (auto may stop before its budget). On the problems "
                + "every budget of both series ran.")
    }

    var plannerPredictions: ReportTable {
        let bins = DifficultyBin.allCases
        return ReportTable(
            title: "The difficulty predictor against the true bins",
            header: ["auto", "true bin"] + bins.map { "predicted \($0.rawValue)" } + [
                "in true bin", "rank correlation",
            ],
            rows: summary.plannerDiagnostics.predictions.flatMap { row in
                bins.map { truth in
                    let counts = row.counts[truth] ?? [:]
                    let total = counts.values.reduce(0, +)
                    return [row.auto, truth.rawValue] + bins.map { "\(counts[$0] ?? 0)" } + [
                        "\(counts[truth] ?? 0) of \(total)",
                        truth == bins.first
                            ? "ρ = \(row.rankCorrelation.map { String(format: "%.2f", $0) } ?? "–") "
                                + "(\(row.inTrueBin) of \(row.probes) probes in their bin)" : "",
                    ]
                }
            },
            note: "Every stored plan of an auto run with a probe (schema version 5): the most probable predicted bin "
                + "against the true bin (pass@1 over the policy's stored majority and Best-of-N samples). ρ is "
                + "Spearman's rank correlation of the predicted ease, P(easy) − P(hard), with the true pass@1.",
            empty: "No stored plans (auto runs stored before schema version 5 did not keep them).")
    }

    var plannerBounds: ReportTable {
        ReportTable(
            title: "Auto beside the best fixed configuration and two bounds",
            header: [
                "auto", "N", "problems", "auto", "best fixed (≤ N)", "best fixed", "true-bin planner",
                "its choices", "best per problem",
            ],
            rows: summary.plannerDiagnostics.bounds.map { row in
                [
                    row.auto, "\(row.budget)", "\(row.problems)", Formatting.percent(row.autoAccuracy), row.bestFixed,
                    Formatting.percent(row.bestFixedAccuracy), Formatting.percent(row.binOracleAccuracy),
                    DifficultyBin.allCases.compactMap { bin in
                        row.binOracleChoices[bin].map { "\(bin.rawValue): \($0)" }
                    }
                    .joined(separator: "; "),
                    Formatting.percent(row.perProblemBestAccuracy),
                ]
            },
            note: "At each of auto's budgets N, on the problems auto ran that have a true bin: every fixed series of "
                + "the same policy at every budget ≤ N that ran all of them; the best single one; the planner given "
                + "the true bins (per bin the best of them in that bin, chosen on these problems, as the paper "
                + "chooses with ground-truth difficulty; ties to the cheaper); and the best chosen per problem (right "
                + "wherever any of them is). Both bounds are chosen in hindsight on the same problems.")
    }
}
