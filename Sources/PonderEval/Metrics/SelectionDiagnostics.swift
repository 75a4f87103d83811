import PonderCore

/// The selection gap of one series at one budget: how often its candidates held a right answer (pass@N of
/// the candidates) against how often each selection rule picked one, on the same problem runs.
public struct SelectionDiagnostics: Sendable, Hashable {
    /// What the series is.
    public var key: SeriesKey
    /// The series' label.
    public var series: String
    /// The budget N.
    public var budget: Int
    /// Whether the series' candidates carry verifier scores.
    public var isScored: Bool
    /// The series' plotted rule (the report's rule for verifier strategies, majority for the others).
    public var primaryRule: String
    /// Distinct problems.
    public var problems: Int
    /// Problem runs (problem × seed) counted.
    public var runs: Int
    /// Mean candidates per problem run at this budget.
    public var meanCandidates: Double
    /// pass@N of the candidates: the fraction of problems (each averaged over its seeds) with a right
    /// candidate, with its bootstrap interval.
    public var coverage: ConfidenceInterval
    /// Each rule's accuracy and gap, majority first.
    public var rules: [RuleSelection]

    /// The rule named `name`, if it was applied.
    public func rule(_ name: String) -> RuleSelection? { rules.first { $0.rule == name } }

    /// The series at each of its budgets, from the runs the accuracy tables count (per problem and seed, the
    /// covering run with the largest N).
    static func make(
        series: SeriesSummary, runs: [StoredRun], isScored: Bool, bootstrap: Bootstrap
    ) -> [SelectionDiagnostics] {
        let strategy = StrategyKind(rawValue: series.key.strategy)
        return series.budgets.compactMap { budgetSummary -> SelectionDiagnostics? in
            let budget = budgetSummary.budget
            let chosen = SeriesSummary.coveringRuns(runs, budget: budget)
            var coverage: [String: [Double]] = [:]
            var candidates = 0
            var outcomes: [String: [String: [Double]]] = [:]
            var gaps: [String: SelectionGap] = [:]
            var shares: [String: [Double]] = [:]
            let names = SeriesSummary.ruleOrder(
                Set(chosen.values.flatMap { $0.selections.filter { $0.budget == budget }.map(\.rule) }))
            for slot in chosen.keys.sorted(by: { ($0.problem, $0.seed) < ($1.problem, $1.seed) }) {
                guard let run = chosen[slot], let kept = Self.candidates(of: run, budget: budget, strategy: strategy)
                else { continue }
                let covered = kept.covered
                coverage[slot.problem, default: []].append(covered ? 1 : 0)
                candidates += kept.count
                let majority = run.selections.first { $0.budget == budget && $0.rule == SelectionRule.majority.name }
                for name in names {
                    guard let outcome = run.selections.first(where: { $0.budget == budget && $0.rule == name }) else {
                        continue
                    }
                    outcomes[name, default: [:]][slot.problem, default: []].append(outcome.correct ? 1 : 0)
                    gaps[name, default: SelectionGap()].add(
                        covered: covered, picked: outcome.correct,
                        majority: name == SelectionRule.majority.name ? nil : majority?.correct)
                    if covered, !outcome.correct, let rule = try? SelectionRule(parsing: name), rule.kind != .max,
                        let share = Self.rightShare(kept.candidates, rule: rule)
                    {
                        shares[name, default: []].append(share)
                    }
                }
            }
            guard let coverageInterval = bootstrap.interval(SeriesSummary.inProblemOrder(coverage)) else {
                return nil
            }
            let rules = names.compactMap { name -> RuleSelection? in
                guard let gap = gaps[name],
                    let accuracy = bootstrap.interval(SeriesSummary.inProblemOrder(outcomes[name] ?? [:]))
                else { return nil }
                let kind = (try? SelectionRule(parsing: name))?.kind
                let missedShares = shares[name] ?? []
                return RuleSelection(
                    rule: name, accuracy: accuracy, gap: gap, isVote: kind == .majority || kind == .vote,
                    rightShareWhenMissed: missedShares.isEmpty
                        ? nil : missedShares.reduce(0, +) / Double(missedShares.count))
            }
            let runCount = coverage.values.reduce(0) { $0 + $1.count }
            return SelectionDiagnostics(
                key: series.key, series: series.label, budget: budget, isScored: isScored,
                primaryRule: series.primaryRule, problems: coverage.count,
                runs: runCount, meanCandidates: runCount > 0 ? Double(candidates) / Double(runCount) : 0,
                coverage: coverageInterval, rules: rules)
        }
    }

    /// The candidates of `run` that make up `budget` (``Subsample``), and whether one is right. A run stored
    /// without candidate summaries can still say whether it was covered at its own budget.
    private static func candidates(
        of run: StoredRun, budget: Int, strategy: StrategyKind?
    ) -> (candidates: [StoredCandidate], count: Int, covered: Bool)? {
        guard run.candidates.count == run.candidateCount else {
            guard budget == run.key.budget else { return nil }
            return ([], run.candidateCount, run.correctCandidates > 0)
        }
        let positions =
            strategy.map {
                Subsample.positions(
                    strategy: $0, budget: budget, runBudget: run.key.budget, beamWidth: run.beamWidth,
                    subtrees: run.candidates.map(\.subtree))
            } ?? Array(run.candidates.indices)
        let kept = positions.map { run.candidates[$0] }
        return (kept, kept.count, kept.contains(where: \.correct))
    }

    /// The right answer's share of the vote under `rule`: its candidates' votes (1 each under majority, their
    /// path scores under a PRM vote, as ``VoteTable`` counts them) over all answered candidates' votes; `nil`
    /// when the total is not positive. Right candidates are all equivalent to the gold answer, so they are one
    /// group whatever the grader; the wrong answers need no grouping for the share.
    static func rightShare(_ candidates: [StoredCandidate], rule: SelectionRule) -> Double? {
        var right = 0.0
        var total = 0.0
        for candidate in candidates where candidate.answer != nil {
            let vote = rule.kind == .majority ? 1 : rule.aggregation.aggregate(candidate.stepScores ?? [])
            total += vote
            if candidate.correct { right += vote }
        }
        return total > 0 ? right / total : nil
    }
}

/// One selection rule at one budget of a series.
public struct RuleSelection: Sendable, Hashable {
    /// The rule's name.
    public var rule: String
    /// Its accuracy with the bootstrap interval (the same numbers as the accuracy tables).
    public var accuracy: ConfidenceInterval
    /// Covered, picked and missed problem runs, and the comparison with majority vote.
    public var gap: SelectionGap
    /// Whether the rule is a vote (majority, PRM-Vote), not PRM-Max.
    public var isVote: Bool
    /// For a vote: the right answer's mean share of the vote in the runs it lost (a wrong answer out-voted it).
    public var rightShareWhenMissed: Double?
}
