import Foundation
import PonderCore

/// The report's tables, formatted for reading (Markdown, HTML) and raw for CSV.
struct ReportTables {
    var summary: EvalSummary

    // MARK: - Reading

    /// Accuracy under the primary rule at every budget, with compute per problem.
    var accuracy: ReportTable {
        var rows: [[String]] = []
        for series in summary.series {
            for budget in series.budgets {
                guard let accuracy = budget.accuracy(rule: series.primaryRule) else { continue }
                rows.append([
                    series.label, series.primaryRule, "\(budget.budget)", "\(accuracy.problems)", "\(budget.seeds)",
                    Formatting.interval(accuracy.accuracy), Formatting.tokens(budget.cost.policyTokens),
                    Formatting.tokens(budget.cost.generatedTokens), Formatting.tokens(budget.cost.verifierTokens),
                    Formatting.flops(budget.cost.totalFLOPs), Formatting.seconds(budget.cost.wallSeconds),
                ])
            }
        }
        return ReportTable(
            title: "Accuracy and compute per problem",
            header: [
                "series", "rule", "N", "problems", "seeds", "accuracy [95% CI]", "policy tokens", "generated",
                "verifier tokens", "FLOPs", "wall s",
            ],
            rows: rows,
            note: "Means per problem run. Policy tokens are the prompt tokens evaluated plus the tokens generated "
                + "(tokens reused from the KV cache cost nothing); FLOPs = 2 × parameters × those tokens, policy plus "
                + "verifier. Below a run's own budget, compute is attributed (see below).")
    }

    /// Accuracy per difficulty bin under the primary rule.
    var difficulty: ReportTable {
        var rows: [[String]] = []
        for series in summary.series {
            for budget in series.budgets {
                guard let accuracy = budget.accuracy(rule: series.primaryRule) else { continue }
                let cells = DifficultyBin.allCases.map { bin in
                    accuracy.accuracy(in: bin).map { "\(Formatting.interval($0.accuracy)) (n=\($0.problems))" } ?? "–"
                }
                rows.append([series.label, "\(budget.budget)"] + cells)
            }
        }
        let policies = Set(summary.series.map(\.key.policy)).sorted()
        let counts = policies.map { policy in
            "\(EvalSummary.shortName(policy)): "
                + DifficultyBin.allCases.map {
                    "\(summary.problemCount(policy: policy, bin: $0)) \($0.rawValue)"
                }.joined(separator: ", ")
        }.joined(separator: "; ")
        return ReportTable(
            title: "Accuracy by difficulty",
            header: ["series", "N"] + DifficultyBin.allCases.map { "\($0.rawValue) (\($0.range))" },
            rows: rows,
            note: "Difficulty is the paper's absolute bins on the policy's own pass@1 per problem, estimated from its "
                + "majority-vote and Best-of-N samples (problems without such samples are in no bin). Problems: "
                + (counts.isEmpty ? "none" : counts) + ".")
    }

    /// Accuracy under every selection rule.
    var rules: ReportTable {
        let names = SeriesSummary.ruleOrder(Set(summary.series.flatMap { $0.budgets.flatMap { $0.rules.map(\.rule) } }))
        var rows: [[String]] = []
        for series in summary.series {
            for budget in series.budgets {
                rows.append(
                    [series.label, "\(budget.budget)"]
                        + names.map { name in
                            budget.accuracy(rule: name).map { Formatting.percent($0.accuracy.estimate) } ?? "–"
                        })
            }
        }
        return ReportTable(
            title: "Accuracy under every selection rule", header: ["series", "N"] + names, rows: rows,
            note:
                "Rules applied after the fact to the stored candidates and step scores; `–` where a rule does not apply."
        )
    }

    /// pass@k of the independent samples.
    var passAtK: ReportTable {
        let ks = Array(Set(summary.series.flatMap { $0.passAtK.map(\.k) })).sorted()
        let rows = summary.series.filter { !$0.passAtK.isEmpty }.map { series in
            [series.label, "\(series.passAtK.first?.problems ?? 0)"]
                + ks.map { k in series.passAtK.first { $0.k == k }.map { Formatting.percent($0.value) } ?? "–" }
        }
        return ReportTable(
            title: "pass@k (unbiased estimator)", header: ["series", "problems"] + ks.map { "k=\($0)" }, rows: rows,
            note: "1 − C(n−c, k)/C(n, k) per problem from its n samples with c correct, averaged over problems; "
                + "majority vote and Best-of-N only (their samples are independent).")
    }

    /// What each series is.
    var series: ReportTable {
        ReportTable(
            title: "What each series is",
            header: ["series", "policy", "strategy", "verifier", "runs", "measured wall s", "knobs"],
            rows: summary.series.map { series in
                [
                    series.label, series.key.policy, series.key.strategy, series.key.verifier, "\(series.runCount)",
                    Formatting.seconds(series.measuredWallSeconds), RunParameters.readable(series.key.parameters),
                ]
            },
            note: "Measured wall time adds up every stored problem run. With --concurrency above 1 runs overlap, so "
                + "it exceeds the elapsed time, and a run's wall time includes the time its requests waited for the "
                + "engine while other problems' requests ran.")
    }

    // MARK: - CSV

    var accuracyCSV: CSVTable {
        var rows: [[String]] = []
        for series in summary.series {
            for budget in series.budgets {
                for rule in budget.rules {
                    let bins = DifficultyBin.allCases.flatMap { bin -> [String] in
                        guard let value = rule.accuracy(in: bin) else { return ["", "0"] }
                        return [Formatting.csv(value.accuracy.estimate), "\(value.problems)"]
                    }
                    rows.append(
                        Self.seriesColumns(series) + [
                            "\(budget.budget)", rule.rule, rule.rule == series.primaryRule ? "1" : "0",
                            "\(rule.problems)", "\(budget.seeds)", Formatting.csv(rule.accuracy.estimate),
                            Formatting.csv(rule.accuracy.lower), Formatting.csv(rule.accuracy.upper),
                        ] + bins + Self.costColumns(budget.cost))
                }
            }
        }
        return CSVTable(
            header: Self.seriesHeader + [
                "budget", "rule", "primary", "problems", "seeds", "accuracy", "ci_low", "ci_high", "easy_accuracy",
                "easy_problems", "medium_accuracy", "medium_problems", "hard_accuracy", "hard_problems",
            ] + Self.costHeader,
            rows: rows)
    }

    var passAtKCSV: CSVTable {
        CSVTable(
            header: Self.seriesHeader + ["k", "problems", "pass_at_k"],
            rows: summary.series.flatMap { series in
                series.passAtK.map {
                    Self.seriesColumns(series) + ["\($0.k)", "\($0.problems)", Formatting.csv($0.value)]
                }
            })
    }

    var problemsCSV: CSVTable {
        CSVTable(
            header: Self.seriesHeader + [
                "budget", "problem_id", "seed", "level", "pass_at_1", "samples", "difficulty", "rule", "answer", "gold",
                "correct", "candidates", "policy_prompt_tokens_evaluated", "policy_prompt_tokens_reused",
                "policy_generated_tokens", "policy_flops", "verifier_tokens", "verifier_flops", "wall_seconds",
            ],
            rows: summary.series.flatMap { series in
                series.problemRows.map { Self.problemColumns(series, $0) }
            })
    }

    private static func problemColumns(_ series: SeriesSummary, _ row: ProblemRow) -> [String] {
        let level: String = row.level.map(String.init) ?? ""
        let passAt1: String = row.difficulty.map { Formatting.csv($0.passAt1) } ?? ""
        let samples: String = row.difficulty.map { "\($0.samples)" } ?? ""
        let bin: String = row.difficulty?.bin?.rawValue ?? ""
        let correct: String = row.correct.map { $0 ? "1" : "0" } ?? ""
        let identity: [String] = ["\(row.budget)", row.problemID, "\(row.seed)", level, passAt1, samples, bin]
        let outcome: [String] = [series.primaryRule, row.answer ?? "", row.gold, correct, "\(row.cost.candidates)"]
        let compute: [Double] = [
            row.cost.policy.promptTokensEvaluated, row.cost.policy.promptTokensReused, row.cost.policy.generatedTokens,
            row.cost.policy.flops, row.cost.verifier.processedTokens, row.cost.verifier.flops, row.cost.wallSeconds,
        ]
        return seriesColumns(series) + identity + outcome + compute.map(Formatting.csv)
    }

    var seriesCSV: CSVTable {
        CSVTable(
            header: Self.seriesHeader + ["runs", "measured_wall_seconds", "parameters"],
            rows: summary.series.map {
                Self.seriesColumns($0) + ["\($0.runCount)", Formatting.csv($0.measuredWallSeconds), $0.key.parameters]
            })
    }

    private static let seriesHeader = ["dataset", "series", "policy", "strategy", "verifier", "parameters_id"]

    private static func seriesColumns(_ series: SeriesSummary) -> [String] {
        [
            series.key.dataset, series.label, series.key.policy, series.key.strategy, series.key.verifier,
            series.key.parametersFingerprint,
        ]
    }

    private static let costHeader = [
        "policy_tokens", "policy_generated_tokens", "policy_reused_tokens", "verifier_tokens", "policy_flops",
        "verifier_flops", "total_flops", "wall_seconds",
    ]

    private static func costColumns(_ cost: MeanCost) -> [String] {
        [
            cost.policyTokens, cost.generatedTokens, cost.reusedTokens, cost.verifierTokens, cost.policyFLOPs,
            cost.verifierFLOPs, cost.totalFLOPs, cost.wallSeconds,
        ].map(Formatting.csv)
    }
}
