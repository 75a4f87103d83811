import PonderCore

/// Where each verifier and selection rule fails, computed from the stored candidates.
///
/// - **Selection gap** (``selection``): per series and budget, pass@N of the candidates against each rule's
///   accuracy on the same problem runs, and the runs where a right candidate existed and the rule picked a
///   wrong one.
/// - **Discrimination** (``discrimination``): per scored series and run budget, AUROC of every score the
///   candidates carry (outcome, last, min, mean, product of steps) against correctness, pooled and within
///   problems, overall and per difficulty bin; reliability bins; the score against solution length. Beside
///   them, the same for the signals that need no verifier (answer agreement, self-certainty, brevity, finished),
///   so that a verifier is judged against what the candidates say for free.
///
/// Series whose candidates carry no score (CoT and majority vote, verifier `none`) appear in the selection gap
/// only, and are listed in ``unscoredSeries``.
public struct VerifierDiagnostics: Sendable, Hashable {
    /// The score the length tables prefer: the report's selection rule's aggregation.
    public var primaryScore: CandidateScore
    /// Per series (CoT excluded: one candidate, no choice) and budget.
    public var selection: [SelectionDiagnostics]
    /// Per scored series and run budget.
    public var discrimination: [DiscriminationDiagnostics]
    /// Labels of the series whose candidates carry no verifier score.
    public var unscoredSeries: [String]

    /// The scores some candidate carries, in ``CandidateScore`` order.
    public var scores: [CandidateScore] {
        let present = Set(discrimination.flatMap { $0.scores.map(\.score) })
        return CandidateScore.allCases.filter(present.contains)
    }

    /// Computes the diagnostics of `series` from their runs.
    ///
    /// - Parameters:
    ///   - series: the report's series.
    ///   - runs: each series' stored runs, with candidate summaries.
    ///   - difficulty: each policy's difficulty estimate per problem.
    ///   - primaryRule: the report's rule; its aggregation is the length tables' score.
    ///   - voting: groups answers for the answer-agreement signal; without it that signal is left out.
    ///   - bootstrap: the intervals' resamples, level and seed.
    init(
        series: [SeriesSummary], runs: [SeriesKey: [StoredRun]], difficulty: [String: [String: DifficultyEstimate]],
        primaryRule: SelectionRule, voting: (any AnswerGrader)?, bootstrap: Bootstrap
    ) {
        let primary =
            primaryRule.kind == .majority ? CandidateScore.last : CandidateScore(primaryRule.aggregation)
        self.primaryScore = primary
        var selection: [SelectionDiagnostics] = []
        var discrimination: [DiscriminationDiagnostics] = []
        var unscored: [String] = []
        for entry in series {
            let members = runs[entry.key] ?? []
            let scored = members.contains { run in
                run.candidates.contains { candidate in
                    CandidateScore.allCases.contains { $0.value(of: candidate) != nil }
                }
            }
            if !scored { unscored.append(entry.label) }
            if !entry.isBaseline {
                selection += SelectionDiagnostics.make(
                    series: entry, runs: members, isScored: scored, bootstrap: bootstrap)
            }
            guard scored else { continue }
            for budget in Set(members.map(\.key.budget)).sorted() {
                let atBudget = members.filter { $0.key.budget == budget }
                if let diagnostics = DiscriminationDiagnostics.make(
                    key: entry.key, series: entry.label, budget: budget, runs: atBudget,
                    difficulty: difficulty[entry.key.policy] ?? [:], primary: primary, voting: voting,
                    bootstrap: bootstrap)
                {
                    discrimination.append(diagnostics)
                }
            }
        }
        self.selection = selection
        self.discrimination = discrimination
        self.unscoredSeries = unscored
    }
}
