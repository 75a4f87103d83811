public import PonderCore

/// Stopping rules replayed on stored samples, without generating anything: beside subsampled budgets
/// (``Subsample``), what a majority or Best-of-N run would have answered and spent had it stopped by a rule.
///
/// A fixed-budget run's candidates are stored in sample order (sample i drawn with the seed of i), and the replay
/// reads them in that order, as a live search's rule sees them (``StoppingRule/Order/sample``: however its samples
/// finish, the rule decides on samples 0..<k once all have finished): the same answers, grouped by the same
/// grader, and for the weighted rules the same scores, so it stops where the live run stops with the same answer
/// (a rule deciding in finish order may stop elsewhere; a window changes when samples start, not which ones the rule
/// sees). The replay is the rule's effect on how many samples are spent, not on wall time. It stops at the first
/// sample where the rule fires (or at N) and votes on the samples so far under the run's selection rule, as the
/// live search does. Its cost is the
/// stored samples' generated tokens plus the run's prompt evaluation and verifier compute shared out by
/// samples (k/N); a live run also pays for the partial tokens of the samples it cancels, which the store of a
/// fixed-budget run cannot know, so the replay's FLOPs are a lower bound of the live run's.
public enum StoppingReplay {
    /// One stored sample.
    public struct Sample: Sendable, Hashable {
        /// Its extracted answer.
        public var answer: String?
        /// Whether the answer is correct.
        public var correct: Bool
        /// Its path score (Best-of-N), read by the selection rule and the weighted stopping rules.
        public var score: Double?
        /// Tokens it generated.
        public var generatedTokens: Int

        /// Creates a sample.
        public init(answer: String?, correct: Bool, score: Double?, generatedTokens: Int) {
            self.answer = answer
            self.correct = correct
            self.score = score
            self.generatedTokens = generatedTokens
        }
    }

    /// What a replay found for one run.
    public struct Outcome: Sendable, Hashable {
        /// Samples spent (≤ N).
        public var samples: Int
        /// Why the replay stopped: `settled` or `dispersed` when the rule fired before N, `completed` otherwise.
        public var reason: SearchResult.StopReason
        /// The selected answer.
        public var answer: String?
        /// Whether it is correct.
        public var correct: Bool
    }

    /// Replays `rule` on `samples` in their order and selects with `selection`; without a rule, every sample
    /// counts (the fixed budget).
    public static func replay(
        _ samples: [Sample], rule: StoppingRule?, selection: SelectionRule, grader: any AnswerGrader
    ) -> Outcome {
        var spent = samples.count
        var reason = SearchResult.StopReason.completed
        if let rule, samples.count > 1 {
            for count in 1..<samples.count {
                let prefix = samples.prefix(count)
                let decision = rule.decide(
                    answers: prefix.map(\.answer), scores: prefix.map(\.score), budget: samples.count, grader: grader)
                if let stop = decision.stopReason {
                    spent = count
                    reason = stop
                    break
                }
            }
        }
        let chosen = Array(samples.prefix(spent))
        let table = VoteTable(
            answers: chosen.map(\.answer), stepScores: chosen.map { $0.score.map { [$0] } }, rule: selection,
            grader: grader)
        let winner = table.winner.map { table.groups[$0] }
        let correct = winner.flatMap(\.members.first).map { chosen[$0].correct } ?? false
        return Outcome(samples: spent, reason: reason, answer: winner?.answer, correct: correct)
    }

    /// What a rule did on one problem run: the rows of `stopping-runs.csv`, so a reader sees which problems a rule
    /// loses and tools that model wall time (`scripts/estimate-windows.py`) read where each run stops instead of
    /// deciding again.
    public struct RunOutcome: Sendable, Hashable {
        /// The problem.
        public var problemID: String
        /// The run's seed.
        public var seed: UInt32
        /// The run's budget N, or the replay's smaller budget.
        public var budget: Int
        /// Samples spent with the rule (≤ `budget`).
        public var samples: Int
        /// Why the replay stopped.
        public var reason: SearchResult.StopReason
        /// Whether the rule's answer is correct.
        public var correct: Bool
        /// Whether the vote on all `budget` samples is correct.
        public var fixedCorrect: Bool
    }

    /// One row of the report: a rule replayed on a series' runs.
    public struct Row: Sendable, Hashable {
        /// The series' label.
        public var series: String
        /// The stopping rule's name.
        public var rule: String
        /// The selection rule voting on the samples.
        public var selection: String
        /// Problem runs replayed.
        public var runs: Int
        /// The runs' budget N (the largest, if they differ).
        public var budget: Int
        /// Accuracy with the rule.
        public var accuracy: Double
        /// Mean samples spent with the rule.
        public var meanSamples: Double
        /// Runs where the rule gave up (the answers too dispersed; see ``StoppingRule/giveUpShare``).
        public var gaveUp: Int
        /// Mean FLOPs per problem with the rule (policy and verifier).
        public var meanFLOPs: Double
        /// Accuracy of the same runs at their full budget.
        public var fixedAccuracy: Double
        /// Mean FLOPs per problem of the same runs at their full budget.
        public var fixedFLOPs: Double
        /// Each run's outcome, by problem and seed.
        public var outcomes: [RunOutcome]

        /// Runs the vote on all N samples gets right and the rule's answer wrong.
        public var lost: Int { outcomes.filter { $0.fixedCorrect && !$0.correct }.count }
        /// Runs the rule's answer gets right and the vote on all N samples wrong.
        public var gained: Int { outcomes.filter { $0.correct && !$0.fixedCorrect }.count }
    }

    /// The stored samples of a run, with path scores under `aggregation` (or outcome scores when stored).
    static func samples(of run: StoredRun, aggregation: ScoreAggregation) -> [Sample] {
        run.candidates.map { candidate in
            Sample(
                answer: candidate.answer, correct: candidate.correct,
                score: candidate.outcomeScore ?? candidate.stepScores.map { aggregation.aggregate($0) },
                generatedTokens: candidate.generatedTokens)
        }
    }

    /// FLOPs of the first `count` of a run's samples (`samples` being all it stored): their generated tokens, plus
    /// the run's evaluated prompt tokens and verifier FLOPs shared out by samples.
    static func flops(of run: StoredRun, samples: [Sample], count: Int) -> Double {
        let share = samples.isEmpty ? 1 : Double(count) / Double(samples.count)
        let policy = run.accounting.policy
        let generated = samples.prefix(count).reduce(0) { $0 + $1.generatedTokens }
        let policyTokens = Double(policy.usage.promptTokensEvaluated) * share + Double(generated)
        return 2 * Double(policy.parameterCount) * policyTokens + (run.accounting.verifier?.flops ?? 0) * share
    }

    /// Replays every rule on the fixed-budget majority and Best-of-N runs of each series (the run with the
    /// largest N per problem and seed; runs that themselves stopped early or ran under limits are skipped), on all
    /// their samples or, for each of `budgets`, on the first that many of them (the budget a live run of that N
    /// would have): rows by series, then budget, then rule. Weighted rules apply to Best-of-N only.
    static func rows(
        series: [(key: SeriesKey, label: String)], runs: [SeriesKey: [StoredRun]], rules: [StoppingRule],
        budgets: [Int] = [], primaryRule: SelectionRule, grader: any AnswerGrader
    ) -> [Row] {
        var rows: [Row] = []
        for summary in series {
            // Only sampling strategies: a tree search's stored paths are in subtree order, not the order they
            // finished, so a replay could not see what the live search saw after each depth.
            guard let strategy = StrategyKind(rawValue: summary.key.strategy),
                strategy == .majority || strategy == .bestOfN
            else {
                continue
            }
            let parameters = summary.key.parameters
            guard !["\"stopping\"", "\"deadlineSeconds\"", "\"budgetFLOPs\""].contains(where: parameters.contains)
            else { continue }
            var largest: [String: StoredRun] = [:]
            for run in runs[summary.key] ?? [] {
                let slot = "\(run.key.problemID) \(run.key.seed)"
                if let current = largest[slot], current.key.budget >= run.key.budget { continue }
                largest[slot] = run
            }
            let chosen = largest.values.sorted { ($0.key.problemID, $0.key.seed) < ($1.key.problemID, $1.key.seed) }
            guard !chosen.isEmpty else { continue }
            let selection = strategy == .majority ? SelectionRule.majority : primaryRule
            let stored = chosen.map { Self.samples(of: $0, aggregation: selection.aggregation) }
            for cap in budgets.isEmpty ? [nil] : budgets.map(Optional.some) {
                rows += Self.rows(
                    label: summary.label, strategy: strategy, chosen: chosen, stored: stored, cap: cap, rules: rules,
                    selection: selection, grader: grader)
            }
        }
        return rows
    }

    /// The rows of one series at one budget: each rule replayed on the first `cap` of each chosen run's samples
    /// (all of them when `nil`).
    private static func rows(
        label: String, strategy: StrategyKind, chosen: [StoredRun], stored: [[Sample]], cap: Int?,
        rules: [StoppingRule], selection: SelectionRule, grader: any AnswerGrader
    ) -> [Row] {
        var rows: [Row] = []
        let replayed = stored.map { samples in cap.map { Array(samples.prefix($0)) } ?? samples }
        let budgets = chosen.map { run in cap.map { min($0, run.key.budget) } ?? run.key.budget }
        let fixed = chosen.indices.map { index in
            (
                correct: replay(replayed[index], rule: nil, selection: selection, grader: grader).correct,
                flops: flops(of: chosen[index], samples: stored[index], count: replayed[index].count)
            )
        }
        for rule in rules where strategy == .bestOfN || !rule.kind.isWeighted {
            var flops = 0.0
            var outcomes: [RunOutcome] = []
            for (index, run) in chosen.enumerated() {
                let outcome = replay(replayed[index], rule: rule, selection: selection, grader: grader)
                flops += Self.flops(of: run, samples: stored[index], count: outcome.samples)
                outcomes.append(
                    RunOutcome(
                        problemID: run.key.problemID, seed: run.key.seed, budget: budgets[index],
                        samples: outcome.samples, reason: outcome.reason, correct: outcome.correct,
                        fixedCorrect: fixed[index].correct))
            }
            let count = Double(chosen.count)
            rows.append(
                Row(
                    series: label, rule: rule.name, selection: selection.name, runs: chosen.count,
                    budget: budgets.max() ?? 0,
                    accuracy: Double(outcomes.filter(\.correct).count) / count,
                    meanSamples: Double(outcomes.reduce(0) { $0 + $1.samples }) / count,
                    gaveUp: outcomes.filter { $0.reason == .dispersed }.count, meanFLOPs: flops / count,
                    fixedAccuracy: Double(fixed.filter { $0.correct }.count) / count,
                    fixedFLOPs: fixed.reduce(0) { $0 + $1.flops } / count, outcomes: outcomes))
        }
        return rows
    }

    /// Replays every rule on the fixed-budget majority and Best-of-N runs of `snapshot` on `dataset`, as the report
    /// does (``rows(series:runs:rules:budgets:primaryRule:grader:)``) but without summarising anything else: what
    /// `ponder eval --replay-stop` prints after its runs.
    public static func rows(
        snapshot: EvalSnapshot, dataset: String, rules: [StoppingRule], budgets: [Int] = [],
        primaryRule: SelectionRule = .lastVote, grader: any AnswerGrader
    ) -> [Row] {
        let grouped = Dictionary(grouping: snapshot.runs.filter { $0.key.dataset == dataset }) { SeriesKey($0.key) }
        let labels = EvalSummary.labels(Array(grouped.keys))
        return rows(
            series: grouped.keys.sorted().map { (key: $0, label: labels[$0] ?? $0.strategy) }, runs: grouped,
            rules: rules, budgets: budgets, primaryRule: primaryRule, grader: grader)
    }

    /// The rules `ponder report` replays unless told otherwise.
    public static let defaultRules = [
        "decided", "beta:0.9", "beta:0.95", "beta:0.99", "dirichlet:0.95", "weighted-beta:0.95",
    ]
}
