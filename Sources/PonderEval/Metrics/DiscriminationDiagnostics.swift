public import PonderCore

/// How well a verifier's scores tell right candidates from wrong ones, for one series' runs at one budget N
/// (the runs' own candidates, not a subsample): AUROC per score and difficulty bin, reliability bins, and the
/// score against solution length.
public struct DiscriminationDiagnostics: Sendable, Hashable {
    /// What the series is.
    public var key: SeriesKey
    /// The series' label.
    public var series: String
    /// The runs' budget N.
    public var budget: Int
    /// Each score the candidates carry, in ``CandidateScore`` order.
    public var scores: [ScoreDiscrimination]
    /// The score the length tables use (the report's rule's aggregation, when the candidates have it).
    public var lengthScore: CandidateScore?
    /// Mean ``lengthScore`` per solution-length bin, for right and wrong candidates.
    public var lengthBins: [LengthBin]

    /// The entry for `score`, if the candidates carry it.
    public func score(_ score: CandidateScore) -> ScoreDiscrimination? { scores.first { $0.score == score } }

    /// The diagnostics of `runs` (one series, one run budget); `nil` when no candidate has a score.
    static func make(
        key: SeriesKey, series: String, budget: Int, runs: [StoredRun], difficulty: [String: DifficultyEstimate],
        primary: CandidateScore, voting: (any AnswerGrader)?, bootstrap: Bootstrap
    ) -> DiscriminationDiagnostics? {
        let ordered = runs.sorted { ($0.key.problemID, $0.key.seed, $0.id) < ($1.key.problemID, $1.key.seed, $1.id) }
        var scores: [ScoreDiscrimination] = []
        var scored: [CandidateScore: [ScoredItem]] = [:]
        for score in CandidateScore.allCases {
            var items: [ScoredItem] = []
            for run in ordered {
                for (candidate, value) in zip(run.candidates, score.values(of: run.candidates, voting: voting)) {
                    guard let value, value.isFinite else { continue }
                    items.append(
                        ScoredItem(
                            problem: run.key.problemID, run: run.id, score: value, correct: candidate.correct,
                            tokens: candidate.generatedTokens, steps: candidate.stepCount))
                }
            }
            // The signals are judged beside a verifier's scores, never alone.
            guard !items.isEmpty, score.isVerifierScore || !scored.isEmpty else { continue }
            scored[score] = items
            var bins = [Self.discrimination(items, bin: nil, bootstrap: bootstrap)]
            for bin in DifficultyBin.allCases {
                let members = items.filter { difficulty[$0.problem]?.bin == bin }
                guard !members.isEmpty else { continue }
                bins.append(Self.discrimination(members, bin: bin, bootstrap: bootstrap))
            }
            let reliability = ReliabilityBin.bins(scores: items.map(\.score), correct: items.map(\.correct))
            scores.append(
                ScoreDiscrimination(
                    score: score, bins: bins, reliability: reliability,
                    expectedCalibrationError: ReliabilityBin.expectedCalibrationError(reliability)))
        }
        // The length tables follow the report's rule's score; an outcome score only when nothing else is there.
        let lengthScore = [primary, .last, .min, .mean, .product, .outcome].first { scored[$0] != nil }
        guard let lengthScore, let lengthItems = scored[lengthScore] else { return nil }
        return DiscriminationDiagnostics(
            key: key, series: series, budget: budget, scores: scores, lengthScore: lengthScore,
            lengthBins: LengthMeasure.allCases.flatMap { LengthBin.bins(lengthItems, measure: $0) })
    }

    /// Pooled and within-problem AUROC of `items`, with bootstrap intervals over problems.
    private static func discrimination(
        _ items: [ScoredItem], bin: DifficultyBin?, bootstrap: Bootstrap
    ) -> BinDiscrimination {
        let problems = Array(Set(items.map(\.problem))).sorted()
        let group = Dictionary(uniqueKeysWithValues: problems.enumerated().map { ($1, $0) })
        let owners = items.map { group[$0.problem] ?? 0 }
        let auroc = AUROC(scores: items.map(\.score), correct: items.map(\.correct))
        let pooled = bootstrap.interval(groups: problems.count) { counts in
            auroc.value(weights: owners.map { counts[$0] })
        }
        // Within a problem run, then per problem the mean over its seeds' runs that have both kinds. Items come
        // in (problem, seed) order, so each problem's values are in seed order whatever the dictionary's order.
        let runs = Dictionary(grouping: items, by: \.run)
        var perProblem: [String: [Double]] = [:]
        var seen: Set<Int64> = []
        for item in items where seen.insert(item.run).inserted {
            let members = runs[item.run] ?? []
            guard let value = AUROC.value(scores: members.map(\.score), correct: members.map(\.correct)) else {
                continue
            }
            perProblem[item.problem, default: []].append(value)
        }
        let within = bootstrap.interval(SeriesSummary.inProblemOrder(perProblem))
        let right = items.count(where: \.correct)
        return BinDiscrimination(
            bin: bin, problems: problems.count, right: right, wrong: items.count - right, pooled: pooled,
            within: within, withinProblems: perProblem.count)
    }
}

/// One scored candidate, as the diagnostics group it.
struct ScoredItem: Sendable, Hashable {
    var problem: String
    var run: Int64
    var score: Double
    var correct: Bool
    var tokens: Int
    var steps: Int
}

/// One score's discrimination and calibration.
public struct ScoreDiscrimination: Sendable, Hashable {
    /// The score.
    public var score: CandidateScore
    /// AUROC over every problem first (``BinDiscrimination/bin`` `nil`), then per difficulty bin with problems.
    public var bins: [BinDiscrimination]
    /// Reliability bins of the score against correctness.
    public var reliability: [ReliabilityBin]
    /// The expected calibration error of ``reliability``.
    public var expectedCalibrationError: Double?

    /// The entry over every problem.
    public var overall: BinDiscrimination? { bins.first { $0.bin == nil } }

    /// The entry for `bin`, if it has problems.
    public func bin(_ bin: DifficultyBin) -> BinDiscrimination? { bins.first { $0.bin == bin } }
}

/// AUROC over the candidates of a set of problems.
public struct BinDiscrimination: Sendable, Hashable {
    /// The difficulty bin, or `nil` for every problem.
    public var bin: DifficultyBin?
    /// Problems with scored candidates.
    public var problems: Int
    /// Right scored candidates.
    public var right: Int
    /// Wrong scored candidates.
    public var wrong: Int
    /// Pooled AUROC: every candidate of every problem ranked together. `nil` without both kinds.
    public var pooled: ConfidenceInterval?
    /// Within-problem AUROC: the mean over problems of each problem run's own AUROC. `nil` when no problem
    /// run has both kinds.
    public var within: ConfidenceInterval?
    /// Problems with a run holding both right and wrong candidates (those ``within`` averages).
    public var withinProblems: Int
}

/// What a solution's length is measured in.
public enum LengthMeasure: String, Sendable, Hashable, CaseIterable {
    /// Tokens generated.
    case tokens
    /// Steps.
    case steps

    /// The bins used: ≤ 64, 65–128, … tokens; 1, 2, 3–4, … steps.
    package var bins: PowerOfTwoBins {
        switch self {
        case .tokens: PowerOfTwoBins(firstExponent: 6)
        case .steps: PowerOfTwoBins(firstExponent: 0)
        }
    }
}

/// The mean score of the right or the wrong candidates in one length bin.
public struct LengthBin: Sendable, Hashable {
    /// What the length is measured in.
    public var measure: LengthMeasure
    /// Whether these are the right candidates.
    public var correct: Bool
    /// The bin's index in ``LengthMeasure/bins``.
    public var bin: Int
    /// The bin's label.
    public var label: String
    /// Candidates in the bin.
    public var count: Int
    /// Their mean score.
    public var meanScore: Double
    /// Their mean length.
    public var meanLength: Double

    /// Right then wrong candidates, each by ascending bin.
    static func bins(_ items: [ScoredItem], measure: LengthMeasure) -> [LengthBin] {
        let edges = measure.bins
        var result: [LengthBin] = []
        for correct in [true, false] {
            var totals: [Int: (count: Int, score: Double, length: Double)] = [:]
            for item in items where item.correct == correct {
                let length = measure == .tokens ? item.tokens : item.steps
                var total = totals[edges.index(of: length)] ?? (0, 0, 0)
                total.count += 1
                total.score += item.score
                total.length += Double(length)
                totals[edges.index(of: length)] = total
            }
            for (bin, total) in totals.sorted(by: { $0.key < $1.key }) {
                let n = Double(total.count)
                result.append(
                    LengthBin(
                        measure: measure, correct: correct, bin: bin, label: edges.label(bin), count: total.count,
                        meanScore: total.score / n, meanLength: total.length / n))
            }
        }
        return result
    }
}
