public import PonderCore

/// The rest of the report's planner section (issue 13), beside ``PlannerComparison``: the paper's efficiency
/// figure, the difficulty predictor's confusion matrix and rank correlation with true pass@1, and two bounds
/// beside `auto` (the planner given the true bins, and the best configuration chosen per problem).
///
/// Everything is computed on the problems the compared series share, from each problem's accuracy averaged over
/// its seeds (``PairedAccuracy/outcomes(_:budget:)``). A problem's true bin is the report's difficulty
/// estimate: pass@1 over the policy's stored majority and Best-of-N samples.
public struct PlannerDiagnostics: Sendable, Hashable {
    /// The paper's efficiency figure for one `auto` series against one majority series.
    public struct Efficiency: Sendable, Hashable {
        /// The auto series' label.
        public var auto: String
        /// The majority series' label.
        public var majority: String
        /// Problems every budget of both series covers (the figures are on these).
        public var problems: Int
        /// Majority voting's best accuracy over its budgets.
        public var peakAccuracy: Double
        /// The smallest budget at which majority voting reaches it.
        public var peakBudget: Int
        /// Majority voting's mean FLOPs per problem at that budget (policy and verifier).
        public var peakFLOPs: Double
        /// The smallest budget at which auto's accuracy reaches the peak; `nil` when it never does.
        public var autoBudget: Int?
        /// Auto's accuracy at ``autoBudget``.
        public var autoAccuracy: Double?
        /// The generations auto spent per problem there, on average (probe included).
        public var autoGenerations: Double?
        /// Auto's mean FLOPs per problem there.
        public var autoFLOPs: Double?

        /// The paper's figure: majority's peak budget ÷ the budget at which auto first reaches that accuracy.
        public var budgetRatio: Double? { autoBudget.map { Double(peakBudget) / Double($0) } }
        /// The same in FLOPs actually spent: majority's at its peak ÷ auto's where it reaches it.
        public var flopsRatio: Double? { autoFLOPs.flatMap { $0 > 0 ? peakFLOPs / $0 : nil } }
    }

    /// The difficulty predictor of one `auto` series against the true bins: every probe of a stored plan.
    public struct Predictions: Sendable, Hashable {
        /// The auto series' label.
        public var auto: String
        /// Probes with a prediction and a true bin.
        public var probes: Int
        /// Counts by true bin, then predicted bin (the most probable one).
        public var counts: [DifficultyBin: [DifficultyBin: Int]]
        /// Spearman's rank correlation of the predicted ease (P(easy) − P(hard)) with true pass@1; `nil` with
        /// fewer than three probes or a constant side.
        public var rankCorrelation: Double?

        /// Probes predicted in their true bin.
        public var inTrueBin: Int { DifficultyBin.allCases.reduce(0) { $0 + (counts[$1]?[$1] ?? 0) } }
    }

    /// Auto at one budget beside the best fixed configuration and two bounds.
    public struct Bounds: Sendable, Hashable {
        /// The auto series' label.
        public var auto: String
        /// The budget N.
        public var budget: Int
        /// Problems auto ran at N that have a true bin and that every compared configuration ran.
        public var problems: Int
        /// Fixed configurations compared: every fixed series of the policy at every budget ≤ N.
        public var configurations: Int
        /// Auto's accuracy on them.
        public var autoAccuracy: Double
        /// The best single fixed configuration on them (`label@budget`) and its accuracy.
        public var bestFixed: String
        public var bestFixedAccuracy: Double
        /// The planner given the true bins: per bin the best fixed configuration in that bin, chosen on these
        /// problems (the paper's compute-optimal choice with ground-truth difficulty).
        public var binOracleAccuracy: Double
        /// The configuration chosen for each bin.
        public var binOracleChoices: [DifficultyBin: String]
        /// The best configuration chosen per problem: right wherever any compared configuration is.
        public var perProblemBestAccuracy: Double
    }

    /// One row per (auto series, majority series of the same policy and dataset).
    public var efficiency: [Efficiency]
    /// One entry per auto series whose runs stored their plans (schema version 5).
    public var predictions: [Predictions]
    /// One row per (auto series, budget).
    public var bounds: [Bounds]

    /// Whether there is nothing to show.
    public var isEmpty: Bool { efficiency.isEmpty && predictions.isEmpty && bounds.isEmpty }

    /// Computes the figures for every auto series among `series`.
    ///
    /// - Parameters:
    ///   - series: the report's series.
    ///   - runs: the stored runs of each series (the plans live there).
    ///   - difficulty: each policy's difficulty estimate of each problem.
    public init(
        series: [SeriesSummary], runs: [SeriesKey: [StoredRun]], difficulty: [String: [String: DifficultyEstimate]]
    ) {
        var efficiency: [Efficiency] = []
        var predictions: [Predictions] = []
        var bounds: [Bounds] = []
        for auto in series where auto.key.strategy == AutoStrategy.name {
            let fixed = series.filter {
                $0.key.strategy != AutoStrategy.name && $0.key.policy == auto.key.policy
                    && $0.key.dataset == auto.key.dataset
            }
            for majority in fixed where majority.key.strategy == StrategyKind.majority.rawValue {
                if let row = Self.efficiency(auto: auto, majority: majority) { efficiency.append(row) }
            }
            let truth = difficulty[auto.key.policy] ?? [:]
            if let row = Self.predictions(auto: auto, runs: runs[auto.key] ?? [], truth: truth) {
                predictions.append(row)
            }
            for budget in auto.budgets.map(\.budget) {
                if let row = Self.bounds(auto: auto, budget: budget, fixed: fixed, truth: truth) { bounds.append(row) }
            }
        }
        self.efficiency = efficiency
        self.predictions = predictions
        self.bounds = bounds
    }

    // MARK: - Efficiency

    static func efficiency(auto: SeriesSummary, majority: SeriesSummary) -> Efficiency? {
        let autoBudgets = auto.budgets.map(\.budget)
        let majorityBudgets = majority.budgets.map(\.budget)
        guard !autoBudgets.isEmpty, !majorityBudgets.isEmpty else { return nil }
        let autoOutcomes = Dictionary(
            uniqueKeysWithValues: autoBudgets.map { ($0, PairedAccuracy.outcomes(auto, budget: $0)) })
        let majorityOutcomes = Dictionary(
            uniqueKeysWithValues: majorityBudgets.map { ($0, PairedAccuracy.outcomes(majority, budget: $0)) })
        var shared: Set<String>?
        for outcomes in Array(autoOutcomes.values) + Array(majorityOutcomes.values) {
            let problems = Set(outcomes.keys)
            shared = shared.map { $0.intersection(problems) } ?? problems
        }
        guard let problems = shared, !problems.isEmpty else { return nil }

        func accuracy(_ outcomes: [String: Double]) -> Double {
            problems.reduce(0) { $0 + (outcomes[$1] ?? 0) } / Double(problems.count)
        }
        func meanCost(_ series: SeriesSummary, budget: Int) -> (generations: Double, flops: Double) {
            let rows = series.problemRows.filter { $0.budget == budget && problems.contains($0.problemID) }
            guard !rows.isEmpty else { return (0, 0) }
            let count = Double(rows.count)
            return (
                rows.reduce(0) { $0 + Double($1.cost.candidates) } / count,
                rows.reduce(0) { $0 + $1.cost.totalFLOPs } / count
            )
        }

        var peak = (accuracy: -1.0, budget: 0)
        for budget in majorityBudgets.sorted() {
            let value = accuracy(majorityOutcomes[budget] ?? [:])
            if value > peak.accuracy + 1e-12 { peak = (value, budget) }
        }
        var row = Efficiency(
            auto: auto.label, majority: majority.label, problems: problems.count, peakAccuracy: peak.accuracy,
            peakBudget: peak.budget, peakFLOPs: meanCost(majority, budget: peak.budget).flops)
        for budget in autoBudgets.sorted() {
            let value = accuracy(autoOutcomes[budget] ?? [:])
            guard value >= peak.accuracy - 1e-12 else { continue }
            let cost = meanCost(auto, budget: budget)
            row.autoBudget = budget
            row.autoAccuracy = value
            row.autoGenerations = cost.generations
            row.autoFLOPs = cost.flops
            break
        }
        return row
    }

    // MARK: - Predictions

    static func predictions(auto: SeriesSummary, runs: [StoredRun], truth: [String: DifficultyEstimate])
        -> Predictions?
    {
        var counts: [DifficultyBin: [DifficultyBin: Int]] = [:]
        var pairs: [(ease: Double, passAt1: Double)] = []
        for run in runs {
            guard let plan = run.plan, plan.features != nil, let predicted = plan.predictedBin,
                let estimate = truth[run.key.problemID], let actual = estimate.bin
            else { continue }
            counts[actual, default: [:]][predicted, default: 0] += 1
            pairs.append(((plan.bins[.easy] ?? 0) - (plan.bins[.hard] ?? 0), estimate.passAt1))
        }
        guard !pairs.isEmpty else { return nil }
        return Predictions(
            auto: auto.label, probes: pairs.count, counts: counts,
            rankCorrelation: Self.spearman(pairs.map(\.ease), pairs.map(\.passAt1)))
    }

    /// Spearman's rho: Pearson's correlation of the ranks (ties share their mean rank); `nil` with fewer than three
    /// pairs or when either side is constant.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let rx = ranks(x)
        let ry = ranks(y)
        let n = Double(x.count)
        let mx = rx.reduce(0, +) / n
        let my = ry.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(rx, ry) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 1-based ranks, ties given their mean rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let mean = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = mean }
            start = end + 1
        }
        return ranks
    }

    // MARK: - Bounds

    static func bounds(auto: SeriesSummary, budget: Int, fixed: [SeriesSummary], truth: [String: DifficultyEstimate])
        -> Bounds?
    {
        let mine = PairedAccuracy.outcomes(auto, budget: budget)
        var configurations: [(label: String, budget: Int, outcomes: [String: Double])] = []
        for series in fixed {
            for candidate in series.budgets.map(\.budget) where candidate <= budget {
                let label = series.isBaseline ? series.label : "\(series.label)@\(candidate)"
                configurations.append((label, candidate, PairedAccuracy.outcomes(series, budget: candidate)))
            }
        }
        let binned = mine.keys.filter { truth[$0]?.bin != nil }
        // A configuration that did not run every such problem is left out rather than shrinking the set.
        configurations.removeAll { configuration in binned.contains { configuration.outcomes[$0] == nil } }
        // Cheaper first, so ties go to the cheaper configuration.
        configurations.sort { ($0.budget, $0.label) < ($1.budget, $1.label) }
        let problems = binned.sorted()
        guard !problems.isEmpty, !configurations.isEmpty else { return nil }
        let count = Double(problems.count)

        func total(_ outcomes: [String: Double], _ members: [String]) -> Double {
            members.reduce(0) { $0 + (outcomes[$1] ?? 0) }
        }
        func best(_ members: [String]) -> (label: String, total: Double) {
            var winner = (label: configurations[0].label, total: total(configurations[0].outcomes, members))
            for configuration in configurations.dropFirst() {
                let value = total(configuration.outcomes, members)
                if value > winner.total + 1e-12 { winner = (configuration.label, value) }
            }
            return winner
        }

        let overall = best(problems)
        var oracle = 0.0
        var choices: [DifficultyBin: String] = [:]
        for bin in DifficultyBin.allCases {
            let members = problems.filter { truth[$0]?.bin == bin }
            guard !members.isEmpty else { continue }
            let winner = best(members)
            oracle += winner.total
            choices[bin] = winner.label
        }
        let perProblem = problems.reduce(0.0) { sum, problem in
            sum + (configurations.map { $0.outcomes[problem] ?? 0 }.max() ?? 0)
        }
        return Bounds(
            auto: auto.label, budget: budget, problems: problems.count, configurations: configurations.count,
            autoAccuracy: total(mine, problems) / count, bestFixed: overall.label,
            bestFixedAccuracy: overall.total / count, binOracleAccuracy: oracle / count,
            binOracleChoices: choices, perProblemBestAccuracy: perProblem / count)
    }
}
