import Foundation
import PonderCore

extension ReportTables {
    /// Stopping rules replayed on the stored samples, beside the same runs at their fixed budget.
    var stoppingReplay: ReportTable { Self.stoppingReplay(summary.stoppingReplay) }

    /// The table of `rows`.
    static func stoppingReplay(_ rows: [StoppingReplay.Row]) -> ReportTable {
        ReportTable(
            title: "Stopping rules replayed on stored samples",
            header: [
                "series", "stopping rule", "selection", "runs", "N", "accuracy", "mean samples", "gave up",
                "lost / gained", "FLOPs", "accuracy at N", "FLOPs at N",
            ],
            rows: rows.map { row in
                [
                    row.series, row.rule, row.selection, "\(row.runs)", "\(row.budget)",
                    Formatting.percent(row.accuracy), String(format: "%.2f", row.meanSamples), "\(row.gaveUp)",
                    "\(row.lost) / \(row.gained)", Formatting.flops(row.meanFLOPs),
                    Formatting.percent(row.fixedAccuracy), Formatting.flops(row.fixedFLOPs),
                ]
            },
            note: "Each rule replayed on every fixed-budget majority and Best-of-N run (the largest N per problem and "
                + "seed), on its samples in sample order: the run stops at the first sample where the rule fires and "
                + "votes on the samples so far, as a live run with `--stop` decides (in sample order unless told "
                + "`/order=finish`). \"Gave up\" counts the runs a rule with `/give-up=S` stopped because no answer "
                + "was likely to hold a share S of the samples; \"lost / gained\" the runs the rule gets wrong that "
                + "the vote on all N samples gets right, and the other way round (which ones: `stopping-runs.csv`). "
                + "Means per problem run. FLOPs count the kept samples' generated tokens plus the run's prompt and "
                + "verifier compute shared out by samples; a live run also pays for the partial tokens of the samples "
                + "it cancels.",
            empty: "No fixed-budget majority or Best-of-N runs to replay.")
    }

    /// The replay as CSV.
    var stoppingReplayCSV: CSVTable {
        CSVTable(
            header: [
                "series", "stopping_rule", "selection", "runs", "budget", "accuracy", "mean_samples", "gave_up",
                "mean_flops", "fixed_accuracy", "fixed_flops", "lost", "gained",
            ],
            rows: summary.stoppingReplay.map { row in
                [
                    row.series, row.rule, row.selection, "\(row.runs)", "\(row.budget)", Formatting.csv(row.accuracy),
                    Formatting.csv(row.meanSamples), "\(row.gaveUp)", Formatting.csv(row.meanFLOPs),
                    Formatting.csv(row.fixedAccuracy), Formatting.csv(row.fixedFLOPs), "\(row.lost)", "\(row.gained)",
                ]
            })
    }

    /// Each replayed run's outcome under each rule, a row per rule and problem run.
    var stoppingRunsCSV: CSVTable {
        CSVTable(
            header: [
                "series", "stopping_rule", "selection", "problem_id", "seed", "budget", "samples", "reason", "correct",
                "fixed_correct",
            ],
            rows: summary.stoppingReplay.flatMap { row in
                row.outcomes.map { run in
                    [
                        row.series, row.rule, row.selection, run.problemID, "\(run.seed)", "\(run.budget)",
                        "\(run.samples)", run.reason.rawValue, run.correct ? "1" : "0", run.fixedCorrect ? "1" : "0",
                    ]
                }
            })
    }
}

extension StoppingReplay {
    /// `rows` as the report's Markdown table, with its note.
    public static func markdown(_ rows: [Row]) -> String { ReportTables.stoppingReplay(rows).markdown }
}
