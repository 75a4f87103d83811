import Foundation
import PonderCore

/// The verifier diagnostics' tables, formatted for reading (Markdown, HTML) and raw for CSV.
struct DiagnosticsTables {
    var diagnostics: VerifierDiagnostics

    /// The vote rules of the out-vote table, in order.
    static let voteRules = ["majority", "prm-last-vote", "prm-min-vote", "prm-avg-vote", "prm-prod-vote"]

    // MARK: - Reading

    /// What the section is, and which series it cannot judge.
    var introduction: [String] {
        var paragraphs = [
            "The candidates often hold a right answer that the selection rule does not pick. These tables say where "
                + "that happens: how often a right candidate existed and was not picked (the selection gap), how well "
                + "each verifier score separates right from wrong candidates (discrimination, calibration), whether "
                + "the score leans on solution length, and how the selection rules compare on the same candidates. "
                + "Counts are problem runs (problem × seed); intervals are bootstrap intervals over problems."
        ]
        if !diagnostics.unscoredSeries.isEmpty {
            paragraphs.append(
                "No verifier scores in: " + diagnostics.unscoredSeries.joined(separator: ", ")
                    + " (verifier `none`: CoT and majority vote score nothing). They appear in the selection gap "
                    + "only; discrimination, calibration and length tables have nothing to judge for them.")
        }
        if diagnostics.discrimination.isEmpty {
            paragraphs.append(
                "**No candidate in this database has a verifier score**, so there is no discrimination, calibration "
                    + "or length diagnosis; the selection gap below is all there is.")
        }
        if !diagnostics.discrimination.isEmpty, !diagnostics.scores.contains(.outcome) {
            paragraphs.append(
                "No outcome scores are stored (no run scored whole solutions: `--verifier-mode outcome`), so only "
                    + "the step-score aggregates are judged.")
        }
        return paragraphs
    }

    /// pass@N of the candidates against the series' plotted rule.
    var selectionGap: ReportTable {
        let rows = diagnostics.selection.compactMap { row -> [String]? in
            let rule = row.rule(row.primaryRule) ?? row.rules.first
            guard let rule else { return nil }
            let gap = (row.coverage.estimate - rule.accuracy.estimate) * 100
            return [
                row.series, "\(row.budget)", "\(row.runs)", String(format: "%.1f", row.meanCandidates),
                Formatting.interval(row.coverage), rule.rule, Formatting.interval(rule.accuracy),
                String(format: "%.1f", gap), "\(rule.gap.missed) of \(rule.gap.covered)",
            ]
        }
        return ReportTable(
            title: "Selection gap: a right candidate existed, was it picked?",
            header: [
                "series", "N", "problem runs", "candidates per run", "pass@N of the candidates [95% CI]", "rule",
                "accuracy [95% CI]", "gap (points)", "right candidate existed, rule picked wrong",
            ],
            rows: rows,
            note: "pass@N of the candidates is the fraction of problems where at least one of the N candidates is "
                + "right: what a perfect selection rule would score on them. The gap is pass@N minus the rule's "
                + "accuracy; the last column counts the problem runs behind it. Every rule is in the next table; "
                + "CoT (one candidate) has no gap.",
            empty: "No series with candidates to select from.")
    }

    /// Every rule on the same candidates, with its trade against majority vote.
    var rules: ReportTable {
        var rows: [[String]] = []
        for row in diagnostics.selection where row.rules.count > 1 {
            let majority = row.rule(SelectionRule.majority.name)
            // One candidate per run: every rule picks it, so one row says so.
            if row.meanCandidates <= 1, let rule = row.rules.first {
                rows.append([
                    row.series, "\(row.budget)", "all \(row.rules.count) (one candidate per run)",
                    Formatting.interval(rule.accuracy), "\(rule.gap.missed) of \(rule.gap.covered)", "–", "–",
                ])
                continue
            }
            for rule in row.rules {
                let isMajority = rule.rule == SelectionRule.majority.name
                rows.append([
                    row.series, "\(row.budget)", rule.rule, Formatting.interval(rule.accuracy),
                    "\(rule.gap.missed) of \(rule.gap.covered)",
                    isMajority || majority == nil ? "–" : "+\(rule.gap.gainedOverMajority)",
                    isMajority || majority == nil ? "–" : "−\(rule.gap.lostToMajority)",
                ])
            }
        }
        return ReportTable(
            title: "Selection rules side by side on the same candidates",
            header: [
                "series", "N", "rule", "accuracy [95% CI]", "right candidate existed, rule picked wrong",
                "right where majority was wrong", "wrong where majority was right",
            ],
            rows: rows,
            note: "Every rule applied after the fact to the same stored candidates and step scores: majority; "
                + "PRM-Max (the single best path) and PRM-Vote (path scores summed per answer), with the path score "
                + "the last, min, mean (avg) or product (prod) of the step scores. The last two columns count "
                + "problem runs where the rule and majority vote disagree on correctness.",
            empty: "No series with verifier scores: only majority vote applies, and the selection gap shows it.")
    }

    /// How often a wrong answer out-voted a right one.
    var outVoted: ReportTable {
        let present = Self.voteRules.filter { rule in diagnostics.selection.contains { $0.rule(rule) != nil } }
        let rows = diagnostics.selection.map { row in
            let covered = row.rules.first?.gap.covered ?? 0
            return [row.series, "\(row.budget)", "\(covered) of \(row.runs)"]
                + present.map { name in
                    guard let rule = row.rule(name) else { return "–" }
                    let share = rule.rightShareWhenMissed.map { " (right share \(Formatting.percent($0)))" } ?? ""
                    return "\(rule.gap.missed)\(share)"
                }
        }
        return ReportTable(
            title: "Wrong answers out-voting right ones",
            header: ["series", "N", "runs with a right answer"] + present,
            rows: rows,
            note: "Per vote rule, the problem runs where a right answer group existed but the vote's winner was "
                + "wrong; in brackets the right group's mean share of the vote in those runs (its candidates' votes "
                + "over all answered candidates' votes: one each under majority, the path scores under PRM-Vote). "
                + "A small share means the policy rarely found the answer; a large one that the vote or the scores "
                + "turned it down.",
            empty: "No series with candidates to vote over.")
    }

    /// AUROC per score, overall and per difficulty bin.
    var discrimination: ReportTable {
        var rows: [[String]] = []
        for entry in diagnostics.discrimination {
            for score in entry.scores {
                guard let overall = score.overall else { continue }
                rows.append(
                    [
                        entry.series, "\(entry.budget)", score.score.label, "\(overall.right) / \(overall.wrong)",
                        Self.pooled(overall), Self.within(overall),
                    ]
                        + DifficultyBin.allCases.map { bin in
                            guard let value = score.bin(bin) else { return "–" }
                            guard value.pooled != nil else { return Self.pooled(value) }
                            let within = value.within.map {
                                "\(Formatting.score($0.estimate)) (\(value.withinProblems))"
                            }
                            return "\(Self.pooled(value)); within \(within ?? "–")"
                        })
            }
        }
        return ReportTable(
            title: "Discrimination: AUROC of the scores against correctness",
            header: [
                "series", "N", "score", "candidates right / wrong", "pooled AUROC [95% CI]",
                "within-problem AUROC [95% CI] (problems)",
            ] + DifficultyBin.allCases.map { "\($0.rawValue): pooled [95% CI]; within (problems)" },
            rows: rows,
            note: "AUROC is the chance that a right candidate scores above a wrong one (ties count half; 0.5 is "
                + "chance). **Pooled** ranks every candidate of every problem together: can one threshold separate "
                + "right from wrong? It also credits a score that only tracks problem difficulty. **Within-problem** "
                + "is the mean of each problem run's own AUROC, over runs with both right and wrong candidates: does "
                + "the score rank a problem's candidates, which is what selection needs? Candidates are every "
                + "candidate of the series' runs at budget N. `–` where no candidate is right or none is wrong. "
                + "Per difficulty bin the within-problem intervals are in `diagnostics-discrimination.csv`. "
                + "Beside the verifier's scores, signals that cost nothing, on the same candidates: **answer "
                + "agreement** (the share of the run's candidates with an equivalent answer: majority vote's "
                + "score), **self-certainty** (the policy's mean token probability, where the log-probabilities "
                + "were stored), **brevity** (shorter scores higher) and **finished** (1 unless cut at the token "
                + "limit); a verifier earns its compute where it beats them.",
            empty: "No scored candidates: nothing to discriminate.")
    }

    /// Reliability bins per score that reads as a probability.
    var calibration: ReportTable {
        let entries = diagnostics.discrimination.flatMap { entry in
            entry.scores.filter(\.score.isProbability).map { (entry, $0) }
        }
        let unit = entries.allSatisfy { _, score in score.reliability.allSatisfy { $0.lower >= 0 && $0.upper <= 1 } }
        let columns = unit ? 10 : entries.map { $0.1.reliability.count }.max() ?? 0
        let header =
            ["series", "N", "score", "ECE"]
            + (0..<columns).map { index in
                unit ? String(format: "%.1f–%.1f", Double(index) / 10, Double(index + 1) / 10) : "bin \(index + 1)"
            }
        let rows = entries.map { entry, score in
            let cells: [String] = (0..<columns).map { index in
                let bin =
                    unit
                    ? score.reliability.first { Int(($0.lower * 10).rounded()) == index }
                    : (index < score.reliability.count ? score.reliability[index] : nil)
                guard let bin else { return "–" }
                let range = unit ? "" : " [\(Formatting.score(bin.lower)), \(Formatting.score(bin.upper))]"
                return "\(Formatting.percent(bin.fractionCorrect)) (n=\(bin.count))\(range)"
            }
            return [
                entry.series, "\(entry.budget)", score.score.label,
                score.expectedCalibrationError.map(Formatting.score) ?? "–",
            ] + cells
        }
        return ReportTable(
            title: "Calibration: fraction right per score bin",
            header: header, rows: rows,
            note: "Candidates binned by score (ten equal bins over [0, 1] when every score is a probability, else "
                + "over the scores' range), with the fraction right and the count in each. A calibrated score sits on "
                + "the diagonal: 0.7 means 70% right. ECE is the count-weighted mean distance from it. Self-certainty "
                + "is a confidence, not a probability of being right, so its ECE says more about scale than ranking.",
            empty: "No scored candidates: nothing to calibrate.")
    }

    /// Mean score per length bin, right and wrong apart.
    func length(_ measure: LengthMeasure) -> ReportTable {
        let bins = Set(diagnostics.discrimination.flatMap { $0.lengthBins.filter { $0.measure == measure }.map(\.bin) })
            .sorted()
        var rows: [[String]] = []
        for entry in diagnostics.discrimination {
            for correct in [true, false] {
                let members = entry.lengthBins.filter { $0.measure == measure && $0.correct == correct }
                rows.append(
                    [
                        entry.series, "\(entry.budget)", entry.lengthScore?.label ?? "", correct ? "right" : "wrong",
                    ]
                        + bins.map { bin in
                            members.first { $0.bin == bin }.map { "\(Formatting.score($0.meanScore)) (n=\($0.count))" }
                                ?? "–"
                        })
            }
        }
        let what = measure == .tokens ? "solution length (tokens generated)" : "number of steps"
        return ReportTable(
            title: "Score by \(what)",
            header: ["series", "N", "score", "candidates"] + bins.map { measure.bins.label($0) },
            rows: rows,
            note: "Mean score of the right and of the wrong candidates in each \(measure.rawValue) bin. The paper "
                + "reports PRMs that favour longer or shorter solutions whatever their correctness: a score that "
                + "moves with length the same way for right and wrong candidates is a length bias, not a judgment. "
                + "The score is the report's rule's aggregation (\(diagnostics.primaryScore.label)).",
            empty: "No scored candidates: nothing to relate to length.")
    }

    private static func pooled(_ value: BinDiscrimination) -> String {
        value.pooled.map(Formatting.auroc) ?? (value.right == 0 ? "– (none right)" : "– (none wrong)")
    }

    private static func within(_ value: BinDiscrimination) -> String {
        value.within.map { "\(Formatting.auroc($0)) (\(value.withinProblems))" } ?? "– (no problem has both)"
    }

    /// Every table, in reading order.
    var all: [ReportTable] {
        [selectionGap, rules, outVoted, discrimination, calibration, length(.tokens), length(.steps)]
    }

    // MARK: - CSV

    var selectionCSV: CSVTable {
        var rows: [[String]] = []
        for row in diagnostics.selection {
            for rule in row.rules {
                rows.append(
                    Self.seriesColumns(row.key, row.series) + [
                        "\(row.budget)", "\(row.problems)", "\(row.runs)", Formatting.csv(row.meanCandidates),
                        Formatting.csv(row.coverage.estimate), Formatting.csv(row.coverage.lower),
                        Formatting.csv(row.coverage.upper), rule.rule, rule.isVote ? "1" : "0",
                        Formatting.csv(rule.accuracy.estimate), Formatting.csv(rule.accuracy.lower),
                        Formatting.csv(rule.accuracy.upper), "\(rule.gap.covered)", "\(rule.gap.picked)",
                        "\(rule.gap.missed)", "\(rule.gap.gainedOverMajority)", "\(rule.gap.lostToMajority)",
                        rule.rightShareWhenMissed.map(Formatting.csv) ?? "",
                    ])
            }
        }
        return CSVTable(
            header: Self.seriesHeader + [
                "budget", "problems", "runs", "mean_candidates", "pass_at_n", "pass_at_n_ci_low", "pass_at_n_ci_high",
                "rule", "vote", "accuracy", "ci_low", "ci_high", "covered_runs", "picked_runs", "missed_runs",
                "gained_over_majority", "lost_to_majority", "right_share_when_missed",
            ], rows: rows)
    }

    var discriminationCSV: CSVTable {
        var rows: [[String]] = []
        for entry in diagnostics.discrimination {
            for score in entry.scores {
                for bin in score.bins {
                    rows.append(
                        Self.seriesColumns(entry.key, entry.series) + [
                            "\(entry.budget)", score.score.rawValue, bin.bin?.rawValue ?? "all", "\(bin.problems)",
                            "\(bin.right)", "\(bin.wrong)",
                        ] + Self.intervalColumns(bin.pooled) + Self.intervalColumns(bin.within) + [
                            "\(bin.withinProblems)"
                        ])
                }
            }
        }
        return CSVTable(
            header: Self.seriesHeader + [
                "budget", "score", "difficulty", "problems", "right", "wrong", "pooled_auroc", "pooled_ci_low",
                "pooled_ci_high", "within_auroc", "within_ci_low", "within_ci_high", "within_problems",
            ], rows: rows)
    }

    var calibrationCSV: CSVTable {
        var rows: [[String]] = []
        for entry in diagnostics.discrimination {
            for score in entry.scores {
                for bin in score.reliability {
                    rows.append(
                        Self.seriesColumns(entry.key, entry.series) + [
                            "\(entry.budget)", score.score.rawValue, Formatting.csv(bin.lower),
                            Formatting.csv(bin.upper), "\(bin.count)", "\(bin.correct)",
                            Formatting.csv(bin.fractionCorrect), Formatting.csv(bin.meanScore),
                            score.expectedCalibrationError.map(Formatting.csv) ?? "",
                        ])
                }
            }
        }
        return CSVTable(
            header: Self.seriesHeader + [
                "budget", "score", "bin_lower", "bin_upper", "candidates", "correct", "fraction_correct", "mean_score",
                "ece",
            ], rows: rows)
    }

    var lengthCSV: CSVTable {
        var rows: [[String]] = []
        for entry in diagnostics.discrimination {
            for bin in entry.lengthBins {
                rows.append(
                    Self.seriesColumns(entry.key, entry.series) + [
                        "\(entry.budget)", entry.lengthScore?.rawValue ?? "", bin.measure.rawValue,
                        bin.correct ? "1" : "0", "\(bin.bin)", bin.label, "\(bin.count)", Formatting.csv(bin.meanScore),
                        Formatting.csv(bin.meanLength),
                    ])
            }
        }
        return CSVTable(
            header: Self.seriesHeader + [
                "budget", "score", "measure", "correct", "bin", "bin_label", "candidates", "mean_score", "mean_length",
            ], rows: rows)
    }

    private static let seriesHeader = ["dataset", "series", "policy", "strategy", "verifier", "parameters_id"]

    private static func seriesColumns(_ key: SeriesKey, _ label: String) -> [String] {
        [key.dataset, label, key.policy, key.strategy, key.verifier, key.parametersFingerprint]
    }

    private static func intervalColumns(_ interval: ConfidenceInterval?) -> [String] {
        guard let interval else { return ["", "", ""] }
        return [interval.estimate, interval.lower, interval.upper].map(Formatting.csv)
    }
}
