import Foundation
public import PonderCore

/// The numbers of a report, computed from a store snapshot: per series and budget, accuracy with bootstrap
/// intervals under every selection rule, overall and per difficulty bin; pass@k; compute per problem; the
/// verifier diagnostics.
///
/// Where several stored runs cover one (series, problem, seed, budget) — a majority run at N = 16 and
/// another at N = 64 both give budget 4 — the run with the larger N is used.
public struct EvalSummary: Sendable, Hashable {
    /// The dataset.
    public var dataset: String
    /// Distinct problems with at least one run in the report (under ``scope``).
    public var problems: Int
    /// Which problems the report covers.
    public var scope: ProblemScope = .all
    /// Distinct problems of the dataset with at least one stored run, in scope or not.
    public var storedProblems = 0
    /// The rule plotted for the verifier strategies (majority vote's and CoT's is majority).
    public var primaryRule: String
    /// The bootstrap used for every interval.
    public var bootstrap: Bootstrap
    /// The series, ordered by policy and strategy.
    public var series: [SeriesSummary]
    /// Each policy's difficulty estimate of each problem, by policy then problem id.
    public var difficulty: [String: [String: DifficultyEstimate]]
    /// Where the verifiers and selection rules fail, from the stored candidates.
    public var diagnostics: VerifierDiagnostics
    /// Stopping rules replayed on the stored majority and Best-of-N samples (empty unless asked for).
    public var stoppingReplay: [StoppingReplay.Row]
    /// Every series against majority vote at the same budget, paired by problem on the problems both ran.
    public var againstMajority: [MajorityComparison.Row] = []
    /// `auto` against every fixed strategy at each shared budget, paired by problem (empty without auto runs).
    public var planner: [PlannerComparison.Row] = []
    /// The efficiency figure, the predictor's confusion matrix and the bounds beside auto (empty without auto runs).
    public var plannerDiagnostics = PlannerDiagnostics(series: [], runs: [:], difficulty: [:])

    /// Summarises `snapshot`.
    ///
    /// - Parameters:
    ///   - snapshot: what the store holds.
    ///   - dataset: the dataset to report; `nil` when the snapshot holds exactly one.
    ///   - primaryRule: the rule plotted for the verifier strategies.
    ///   - bootstrap: the interval's resamples, level and seed.
    ///   - stoppingRules: rules to replay on the stored samples (``StoppingReplay``).
    ///   - stoppingBudgets: replay on the first this many samples of each run, at each of these budgets, instead of
    ///     on all of them.
    ///   - grader: groups answers for the replayed votes and the diagnostics' answer agreement
    ///     (`MathGrader(configuration: .voting)`); no replay and no agreement without.
    ///   - scope: which problems to report: all, or only those every series covers.
    /// - Throws: ``EvalError`` when the snapshot is empty, holds several datasets and none is chosen, or its
    ///   series have no problem in common under the `common` scope.
    public init(
        snapshot: EvalSnapshot, dataset: String? = nil, primaryRule: SelectionRule = .lastVote,
        bootstrap: Bootstrap = Bootstrap(), stoppingRules: [StoppingRule] = [], stoppingBudgets: [Int] = [],
        grader: (any AnswerGrader)? = nil, scope: ProblemScope = .all
    ) throws {
        let datasets = Set(snapshot.runs.map(\.key.dataset)).sorted()
        let name: String
        if let dataset {
            guard datasets.contains(dataset) else {
                throw EvalError.emptyDatabase(snapshot.path, detail: "for dataset '\(dataset)'")
            }
            name = dataset
        } else {
            guard let only = datasets.first else { throw EvalError.emptyDatabase(snapshot.path, detail: "yet") }
            guard datasets.count == 1 else { throw EvalError.ambiguousDataset(datasets) }
            name = only
        }
        let stored = snapshot.runs.filter { $0.key.dataset == name }
        let runs = scope.select(stored)
        guard !runs.isEmpty else {
            throw EvalError.emptyDatabase(snapshot.path, detail: "on a problem that every series of '\(name)' covers")
        }
        self.dataset = name
        self.scope = scope
        self.storedProblems = Set(stored.map(\.key.problemID)).count
        self.problems = Set(runs.map(\.key.problemID)).count
        self.primaryRule = primaryRule.name
        self.bootstrap = bootstrap
        let difficulty = Self.difficulty(runs)
        self.difficulty = difficulty

        let grouped = Dictionary(grouping: runs) { SeriesKey($0.key) }
        var labels = Self.labels(Array(grouped.keys))
        // A report read while an evaluation runs (or after one stopped) says which series do not yet cover
        // every problem, so a curve over 5 problems is not read against one over 30.
        for (key, members) in grouped {
            let covered = Dictionary(grouping: members, by: \.key.budget).values.map {
                Set($0.map(\.key.problemID)).count
            }
            guard let least = covered.min(), let most = covered.max(), least < problems else { continue }
            let range = least == most ? "\(least)" : "\(least)–\(most)"
            labels[key] = "\(labels[key] ?? key.strategy) (\(range) of \(problems) problems)"
        }
        series = grouped.keys.sorted().map { key in
            let rule =
                key.strategy == AutoStrategy.name
                ? RecordBuilder.planRule
                : StrategyKind(rawValue: key.strategy)?.usesVerifier == true
                    ? primaryRule.name : SelectionRule.majority.name
            return SeriesSummary(
                key: key, label: labels[key] ?? key.strategy, primaryRule: rule, runs: grouped[key] ?? [],
                difficulty: difficulty[key.policy] ?? [:], bootstrap: bootstrap)
        }
        diagnostics = VerifierDiagnostics(
            series: series, runs: grouped, difficulty: difficulty, primaryRule: primaryRule, voting: grader,
            bootstrap: bootstrap)
        if let grader {
            stoppingReplay = StoppingReplay.rows(
                series: series.map { (key: $0.key, label: $0.label) }, runs: grouped, rules: stoppingRules,
                budgets: stoppingBudgets, primaryRule: primaryRule, grader: grader)
        } else {
            stoppingReplay = []
        }
        let parameterCounts = Dictionary(
            runs.map { ($0.key.policy, $0.accounting.policy.parameterCount) }, uniquingKeysWith: max)
        againstMajority = MajorityComparison.rows(series, parameterCounts: parameterCounts, bootstrap: bootstrap)
        planner = PlannerComparison.rows(series, bootstrap: bootstrap)
        plannerDiagnostics = PlannerDiagnostics(series: series, runs: grouped, difficulty: difficulty)
    }

    /// The report's problems in words: "100 problems", or under the `common` scope "10 problems (those every
    /// series covers, of 100 stored)".
    public var problemsDescription: String {
        scope == .common
            ? "\(problems) problems (those every series covers, of \(storedProblems) stored)" : "\(problems) problems"
    }

    /// Problems of `policy` in each difficulty bin.
    public func problemCount(policy: String, bin: DifficultyBin) -> Int {
        (difficulty[policy] ?? [:]).values.count { $0.bin == bin }
    }

    // MARK: - Difficulty

    /// pass@1 of each problem for each policy, pooled over its independent samples (majority vote and
    /// Best-of-N runs; of runs sharing seed and knobs, and so samples, only the largest counts).
    static func difficulty(_ runs: [StoredRun]) -> [String: [String: DifficultyEstimate]] {
        struct SampleSource: Hashable {
            var policy: String
            var problem: String
            var seed: UInt32
            var parameters: String
        }
        var largest: [SampleSource: StoredRun] = [:]
        for run in runs
        where run.key.strategy == StrategyKind.majority.rawValue || run.key.strategy == StrategyKind.bestOfN.rawValue {
            let source = SampleSource(
                policy: run.key.policy, problem: run.key.problemID, seed: run.key.seed, parameters: run.key.parameters)
            if let current = largest[source], current.candidateCount >= run.candidateCount { continue }
            largest[source] = run
        }
        var estimates: [String: [String: DifficultyEstimate]] = [:]
        for (source, run) in largest {
            var estimate =
                estimates[source.policy, default: [:]][source.problem] ?? DifficultyEstimate(correct: 0, samples: 0)
            estimate.correct += run.correctCandidates
            estimate.samples += run.candidateCount
            estimates[source.policy, default: [:]][source.problem] = estimate
        }
        return estimates
    }

    // MARK: - Labels

    /// Labels that name what tells series apart: the strategy, plus the verifier and the policy when those
    /// vary, the knobs that change what a series means (outcome scoring, a stopping rule, samples scored from
    /// majority's run), and a knob fingerprint where labels still collide.
    static func labels(_ keys: [SeriesKey]) -> [SeriesKey: String] {
        let policies = Set(keys.map(\.policy))
        let verifiers = Set(keys.filter { $0.verifier != RunKey.noVerifier }.map(\.verifier))
        var labels: [SeriesKey: String] = [:]
        for key in keys {
            let knobs = try? JSONDecoder().decode(RunParameters.self, from: Data(key.parameters.utf8))
            var qualifiers: [String] = []
            if key.verifier != RunKey.noVerifier, verifiers.count > 1 {
                qualifiers.append(Self.shortName(key.verifier))
            }
            if let mode = knobs?.verifierMode { qualifiers.append(mode) }
            if let stopping = knobs?.stopping { qualifiers.append("stop \(stopping)") }
            var label = key.strategy
            if !qualifiers.isEmpty { label += " (\(qualifiers.joined(separator: ", ")))" }
            if let samples = knobs?.samples { label += " on \(samples)'s samples" }
            if policies.count > 1 { label = "\(Self.shortName(key.policy)) \(label)" }
            labels[key] = label
        }
        // Knob fingerprints only where labels still collide.
        let collisions = Dictionary(grouping: keys) { labels[$0] ?? "" }.filter { $0.value.count > 1 }
        for (_, colliding) in collisions {
            for key in colliding {
                labels[key] = "\(labels[key] ?? key.strategy) #\(key.parametersFingerprint.prefix(6))"
            }
        }
        return labels
    }

    /// A model file name without its extension and quantisation suffix; other names as they are.
    static func shortName(_ name: String) -> String {
        var short = name
        if short.hasSuffix(".gguf") { short.removeLast(5) }
        for suffix in ["-q4_k_m", "-q8_0", "-f16", "-instruct"] where short.lowercased().hasSuffix(suffix) {
            short.removeLast(suffix.count)
        }
        return short
    }
}

/// A policy's pass@1 on one problem, from its independent samples.
public struct DifficultyEstimate: Sendable, Hashable, Codable {
    /// Correct samples.
    public var correct: Int
    /// Samples.
    public var samples: Int

    /// Creates an estimate.
    public init(correct: Int, samples: Int) {
        self.correct = correct
        self.samples = samples
    }

    /// correct / samples.
    public var passAt1: Double { samples > 0 ? Double(correct) / Double(samples) : 0 }

    /// The paper's bin.
    public var bin: DifficultyBin? { DifficultyBin(correct: correct, samples: samples) }
}
