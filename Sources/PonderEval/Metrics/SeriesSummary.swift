public import PonderCore

/// One series of a report: accuracy and cost at each budget, pass@k.
public struct SeriesSummary: Sendable, Hashable {
    /// What the series is.
    public var key: SeriesKey
    /// Its label in tables and legends.
    public var label: String
    /// The rule plotted.
    public var primaryRule: String
    /// One entry per budget, ascending.
    public var budgets: [BudgetSummary]
    /// pass@k of the independent samples (majority vote and Best-of-N only), ascending k.
    public var passAtK: [PassAtKPoint]
    /// One row per (budget, problem, seed) under the primary rule, for the per-problem table.
    public var problemRows: [ProblemRow]
    /// Measured wall seconds of every stored run of the series, added up.
    public var measuredWallSeconds: Double
    /// Stored problem runs.
    public var runCount: Int

    /// Whether the series is the CoT baseline.
    public var isBaseline: Bool { key.strategy == StrategyKind.cot.rawValue }

    /// The summary at `budget`, if any.
    public func budget(_ budget: Int) -> BudgetSummary? { budgets.first { $0.budget == budget } }

    init(
        key: SeriesKey, label: String, primaryRule: String, runs: [StoredRun],
        difficulty: [String: DifficultyEstimate], bootstrap: Bootstrap
    ) {
        self.key = key
        self.label = label
        self.primaryRule = primaryRule
        self.runCount = runs.count
        self.measuredWallSeconds = runs.reduce(0) { $0 + $1.accounting.wallSeconds }

        let budgetValues = Set(runs.flatMap { $0.costs.map(\.budget) }).sorted()
        var budgets: [BudgetSummary] = []
        var rows: [ProblemRow] = []
        for budget in budgetValues {
            let chosen = Self.coveringRuns(runs, budget: budget)
            let slots = chosen.keys.sorted { ($0.problem, $0.seed) < ($1.problem, $1.seed) }
            let rules = Set(chosen.values.flatMap { $0.selections.filter { $0.budget == budget }.map(\.rule) })
            var accuracies: [RuleAccuracy] = []
            for rule in Self.ruleOrder(rules) {
                var groups: [String: [Double]] = [:]
                for slot in slots {
                    guard let run = chosen[slot],
                        let outcome = run.selections.first(where: { $0.budget == budget && $0.rule == rule })
                    else { continue }
                    groups[slot.problem, default: []].append(outcome.correct ? 1 : 0)
                }
                guard let overall = bootstrap.interval(Self.inProblemOrder(groups)) else { continue }
                var bins: [BinAccuracy] = []
                for bin in DifficultyBin.allCases {
                    let members = groups.filter { difficulty[$0.key]?.bin == bin }
                    guard let interval = bootstrap.interval(Self.inProblemOrder(members)) else { continue }
                    bins.append(BinAccuracy(bin: bin, problems: members.count, accuracy: interval))
                }
                accuracies.append(RuleAccuracy(rule: rule, problems: groups.count, accuracy: overall, bins: bins))
            }
            var total = MeanCost.Accumulator()
            for slot in slots {
                guard let run = chosen[slot], let cost = run.costs.first(where: { $0.budget == budget }) else {
                    continue
                }
                total.add(cost)
                let outcome = run.selections.first { $0.budget == budget && $0.rule == primaryRule }
                rows.append(
                    ProblemRow(
                        budget: budget, problemID: slot.problem, seed: slot.seed, level: run.level,
                        difficulty: difficulty[slot.problem], answer: outcome?.answer, gold: run.gold,
                        correct: outcome?.correct, cost: cost))
            }
            budgets.append(
                BudgetSummary(
                    budget: budget, problems: Set(slots.map(\.problem)).count, seeds: Set(slots.map(\.seed)).count,
                    cost: total.mean, rules: accuracies))
        }
        self.budgets = budgets
        self.problemRows = rows
        self.passAtK = Self.passAtK(runs)
    }

    /// Per (problem, seed), the run that counts at `budget`: of the runs that report it, the one with the
    /// largest N (then the newest).
    static func coveringRuns(_ runs: [StoredRun], budget: Int) -> [ProblemSeed: StoredRun] {
        var chosen: [ProblemSeed: StoredRun] = [:]
        for run in runs where run.costs.contains(where: { $0.budget == budget }) {
            let slot = ProblemSeed(problem: run.key.problemID, seed: run.key.seed)
            if let current = chosen[slot], (current.key.budget, current.id) > (run.key.budget, run.id) { continue }
            chosen[slot] = run
        }
        return chosen
    }

    /// Majority first, then the PRM rules in ``SelectionRule/all``'s order, then any others.
    static func ruleOrder(_ rules: Set<String>) -> [String] {
        let known = SelectionRule.all.map(\.name)
        return known.filter(rules.contains) + rules.subtracting(known).sorted()
    }

    /// Per-problem values in problem-id order. The bootstrap draws problems by position, and a dictionary's
    /// order changes from process to process (Swift seeds its hashing per process), so without a fixed order
    /// the same database and seed would give different intervals on every `ponder report`.
    static func inProblemOrder<Value>(_ groups: [String: Value]) -> [Value] {
        groups.sorted { $0.key < $1.key }.map(\.value)
    }

    /// pass@k over problems (and seeds) from the largest run per (problem, seed).
    static func passAtK(_ runs: [StoredRun]) -> [PassAtKPoint] {
        guard let strategy = runs.first.map(\.key.strategy),
            strategy == StrategyKind.majority.rawValue || strategy == StrategyKind.bestOfN.rawValue
        else { return [] }
        var largest: [ProblemSeed: StoredRun] = [:]
        for run in runs {
            let slot = ProblemSeed(problem: run.key.problemID, seed: run.key.seed)
            if let current = largest[slot], current.candidateCount >= run.candidateCount { continue }
            largest[slot] = run
        }
        guard let samples = largest.values.map(\.candidateCount).min(), samples > 0 else { return [] }
        return PassAtK.reportedK(samples: samples).map { k in
            var groups: [String: [Double]] = [:]
            for (slot, run) in largest {
                groups[slot.problem, default: []].append(
                    PassAtK.estimate(samples: run.candidateCount, correct: run.correctCandidates, k: k))
            }
            return PassAtKPoint(k: k, problems: groups.count, value: Bootstrap.mean(Self.inProblemOrder(groups)) ?? 0)
        }
    }
}

/// A problem and a seed.
struct ProblemSeed: Hashable {
    var problem: String
    var seed: UInt32
}

/// A series at one budget.
public struct BudgetSummary: Sendable, Hashable {
    /// The budget N.
    public var budget: Int
    /// Distinct problems.
    public var problems: Int
    /// Distinct seeds.
    public var seeds: Int
    /// Mean compute per problem run.
    public var cost: MeanCost
    /// Accuracy under each rule.
    public var rules: [RuleAccuracy]

    /// Accuracy under `rule`, if computed.
    public func accuracy(rule: String) -> RuleAccuracy? { rules.first { $0.rule == rule } }
}

/// Accuracy under one selection rule.
public struct RuleAccuracy: Sendable, Hashable {
    /// The rule's name.
    public var rule: String
    /// Problems counted.
    public var problems: Int
    /// The accuracy and its interval.
    public var accuracy: ConfidenceInterval
    /// The same per difficulty bin (bins without problems are left out).
    public var bins: [BinAccuracy]

    /// The accuracy in `bin`, if any problem is in it.
    public func accuracy(in bin: DifficultyBin) -> BinAccuracy? { bins.first { $0.bin == bin } }
}

/// Accuracy in one difficulty bin.
public struct BinAccuracy: Sendable, Hashable {
    /// The bin.
    public var bin: DifficultyBin
    /// Problems in it.
    public var problems: Int
    /// The accuracy and its interval.
    public var accuracy: ConfidenceInterval
}

/// pass@k at one k.
public struct PassAtKPoint: Sendable, Hashable {
    /// k.
    public var k: Int
    /// Problems counted.
    public var problems: Int
    /// Mean pass@k over problems (each averaged over seeds).
    public var value: Double
}

/// One problem run at one budget, for the per-problem table.
public struct ProblemRow: Sendable, Hashable {
    /// The budget.
    public var budget: Int
    /// The problem.
    public var problemID: String
    /// The seed.
    public var seed: UInt32
    /// The problem's level.
    public var level: Int?
    /// The policy's difficulty estimate.
    public var difficulty: DifficultyEstimate?
    /// The answer the primary rule picked.
    public var answer: String?
    /// The gold answer.
    public var gold: String
    /// Whether it was right.
    public var correct: Bool?
    /// The compute attributed to the budget.
    public var cost: BudgetCost
}

/// Mean compute per problem run at one budget.
public struct MeanCost: Sendable, Hashable {
    /// Policy tokens evaluated plus generated.
    public var policyTokens: Double
    /// Policy tokens generated.
    public var generatedTokens: Double
    /// Policy prompt tokens reused from the cache.
    public var reusedTokens: Double
    /// Verifier tokens evaluated plus generated.
    public var verifierTokens: Double
    /// Policy FLOPs.
    public var policyFLOPs: Double
    /// Verifier FLOPs.
    public var verifierFLOPs: Double
    /// Wall seconds.
    public var wallSeconds: Double

    /// Policy plus verifier FLOPs.
    public var totalFLOPs: Double { policyFLOPs + verifierFLOPs }

    struct Accumulator {
        var sum = MeanCost(
            policyTokens: 0, generatedTokens: 0, reusedTokens: 0, verifierTokens: 0, policyFLOPs: 0, verifierFLOPs: 0,
            wallSeconds: 0)
        var count = 0

        mutating func add(_ cost: BudgetCost) {
            sum.policyTokens += cost.policy.processedTokens
            sum.generatedTokens += cost.policy.generatedTokens
            sum.reusedTokens += cost.policy.promptTokensReused
            sum.verifierTokens += cost.verifier.processedTokens
            sum.policyFLOPs += cost.policy.flops
            sum.verifierFLOPs += cost.verifier.flops
            sum.wallSeconds += cost.wallSeconds
            count += 1
        }

        var mean: MeanCost {
            guard count > 0 else { return sum }
            let n = Double(count)
            return MeanCost(
                policyTokens: sum.policyTokens / n, generatedTokens: sum.generatedTokens / n,
                reusedTokens: sum.reusedTokens / n, verifierTokens: sum.verifierTokens / n,
                policyFLOPs: sum.policyFLOPs / n, verifierFLOPs: sum.verifierFLOPs / n, wallSeconds: sum.wallSeconds / n
            )
        }
    }
}
