public import PonderCore

/// The run matrix of one evaluation: strategies × budgets × seeds, scored under every selection rule, for
/// one policy and one verifier.
///
/// Majority vote, Best-of-N and DVTS are run once at the largest budget and the smaller budgets are
/// computed from the first candidates (search-and-learn's subsampling; see ``Subsample``). Beam search and
/// particle filtering run once per budget. CoT runs once (greedy: its seed does not matter), the baseline row.
public struct EvalPlan: Sendable, Hashable {
    /// The strategies, in the order they run.
    public var strategies: [StrategyKind]
    /// The budgets N, ascending, each at least 1.
    public var budgets: [Int]
    /// The sampling seeds; each seed is a full repeat of the matrix (CoT excepted).
    public var seeds: [UInt32]
    /// The selection rules scored for Best-of-N, beam search and DVTS (majority vote is always scored).
    public var rules: [SelectionRule]
    /// The rule whose accuracy the progress display shows for the verifier strategies.
    public var primaryRule: SelectionRule
    /// Sampling knobs; the seed is replaced by each of ``seeds`` (CoT also forces temperature 0).
    public var sampling: SamplingParameters
    /// Tree-search knobs of beam search and DVTS; the budget is replaced by each of ``budgets``.
    public var tree: TreeSearchParameters
    /// Resampling knobs of particle filtering (its budget and depth cap come from ``tree``).
    public var particles: ParticleFilterParameters
    /// How a problem becomes chat messages.
    public var promptStyle: PromptStyle
    /// Whether Best-of-N, beam search and DVTS select by step or by outcome scores.
    public var verifierMode: VerifierMode
    /// The planner of `auto` runs, one per budget and seed beside the fixed strategies; `nil` for none.
    public var planner: PlannerSettings? = nil
    /// The stopping rule of majority vote, Best-of-N, beam search and DVTS: their runs then stop when the
    /// answer is settled; majority, Best-of-N and DVTS each at the largest budget as a maximum, reporting only
    /// that budget (an adaptive run is no base for subsampling; ``StoppingReplay`` replays rules on
    /// fixed-budget majority and Best-of-N runs instead), beam search at each budget as before.
    public var stopping: StoppingRule?
    /// The deadline and FLOPs budget of every search.
    public var limits: SearchLimits
    /// Whether Best-of-N scores the samples of the stored majority runs instead of drawing new ones
    /// (``SampleReuse``): the verifier's work without the policy's.
    public var reuseSamples = false
    /// How each problem's samples are seeded from each of ``seeds``: by default every problem has its own base
    /// seed, so the problems' draws are independent (``SeedScheme``).
    public var seedScheme = SeedScheme.perProblem

    /// Creates a plan; unvalidated until ``validated()``.
    public init(
        strategies: [StrategyKind],
        budgets: [Int],
        seeds: [UInt32] = [0],
        rules: [SelectionRule] = SelectionRule.all,
        primaryRule: SelectionRule = .lastVote,
        sampling: SamplingParameters = SamplingParameters(),
        tree: TreeSearchParameters = TreeSearchParameters(budget: 4),
        particles: ParticleFilterParameters = ParticleFilterParameters(),
        promptStyle: PromptStyle = PromptStyle(),
        verifierMode: VerifierMode = .step,
        stopping: StoppingRule? = nil,
        limits: SearchLimits = .none
    ) {
        self.stopping = stopping
        self.limits = limits
        self.strategies = strategies
        self.budgets = budgets
        self.seeds = seeds
        self.rules = rules
        self.primaryRule = primaryRule
        self.sampling = sampling
        self.tree = tree
        self.particles = particles
        self.promptStyle = promptStyle
        self.verifierMode = verifierMode
    }

    /// Checks the lists before any work; ``runs()`` then builds each strategy once, which checks the budgets
    /// a strategy cannot run.
    ///
    /// Budgets, seeds, strategies and rules are deduplicated; budgets are sorted; majority and the primary
    /// rule are added to the rules.
    /// - Throws: ``EvalError`` for a budget below 1 or an empty list; ``PonderError`` for invalid sampling.
    public func validated() throws -> EvalPlan {
        guard !strategies.isEmpty || planner != nil else {
            throw EvalError.invalidParameter(
                "strategies", "",
                expected: "at least one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !budgets.isEmpty else { throw EvalError.invalidParameter("budgets", "", expected: "at least one budget") }
        for budget in budgets where budget < 1 {
            throw EvalError.invalidParameter("budget", "\(budget)", expected: "at least 1")
        }
        guard !seeds.isEmpty else { throw EvalError.invalidParameter("seeds", "", expected: "at least one seed") }
        if let stopping, !strategies.contains(where: \.acceptsStoppingRule) {
            throw EvalError.invalidParameter(
                "stopping rule", stopping.name, expected: "a plan with strategy majority, best-of-n, beam or dvts")
        }
        if reuseSamples {
            guard strategies.contains(.bestOfN) else {
                throw EvalError.invalidParameter(
                    "reuse-samples", "on",
                    expected: "a plan with strategy best-of-n (it scores stored majority samples)")
            }
            guard stopping == nil, !limits.isLimited else {
                throw EvalError.invalidParameter(
                    "reuse-samples", "with a stopping rule, deadline or FLOPs budget",
                    expected:
                        "fixed budgets only: stored samples are scored all at once; replay stopping rules with "
                        + "`ponder report --replay-stop`")
            }
        }
        var plan = self
        plan.strategies = Self.unique(strategies)
        plan.budgets = Array(Set(budgets)).sorted()
        plan.seeds = Self.unique(seeds)
        plan.rules = Self.unique([.majority, primaryRule] + rules)
        plan.sampling = try sampling.validated()
        plan.particles = try particles.validated()
        return plan
    }

    /// Each configuration with its strategy, built once: what ``EvalRunner`` runs.
    ///
    /// - Throws: ``PonderError`` for a budget a strategy cannot run.
    public func runs() throws -> [PlannedRun] {
        try configurations.map { PlannedRun(configuration: $0, strategy: try $0.makeStrategy()) }
    }

    /// The tree parameters at budget `n`.
    public func tree(budget n: Int) -> TreeSearchParameters {
        var tree = self.tree
        tree.budget = n
        return tree
    }

    /// The configurations to run, in order: each strategy, then each seed, then each run budget.
    public var configurations: [RunConfiguration] {
        var configurations: [RunConfiguration] = []
        let largest = budgets.last ?? 1
        // A run that may stop early is no base for subsampling smaller budgets.
        let adaptive = stopping != nil || limits.isLimited
        for strategy in strategies {
            let seeds = strategy == .cot ? Array(self.seeds.prefix(1)) : self.seeds
            for seed in seeds {
                var parameters = sampling
                parameters.seed = seed
                if strategy == .cot { parameters.temperature = 0 }
                let runs: [(budget: Int, reported: [Int])]
                switch strategy {
                case .cot: runs = [(1, [1])]
                case .beam, .particleFilter: runs = budgets.map { ($0, [$0]) }
                case .majority where adaptive, .bestOfN where adaptive, .dvts where adaptive:
                    runs = [(largest, [largest])]
                case .majority, .bestOfN, .dvts: runs = [(largest, budgets)]
                }
                let rules = strategy.usesVerifier ? self.rules : [.majority]
                for run in runs {
                    var configuration = RunConfiguration(
                        strategy: strategy, budget: run.budget, seed: seed, reportedBudgets: run.reported,
                        rules: rules, primaryRule: strategy.usesVerifier ? primaryRule : .majority,
                        sampling: parameters, tree: tree(budget: run.budget), particles: particles,
                        promptStyle: promptStyle,
                        verifierMode: strategy.usesVerifier ? verifierMode : .step,
                        stopping: strategy.acceptsStoppingRule ? stopping : nil, limits: limits)
                    configuration.reusesSamples = reuseSamples && strategy == .bestOfN
                    configuration.seedScheme = seedScheme
                    configurations.append(configuration)
                }
            }
        }
        if let planner {
            for seed in seeds {
                for budget in budgets {
                    var parameters = planner.profile.probe.sampling
                    parameters.seed = seed
                    var configuration = RunConfiguration(
                        strategy: .majority, budget: budget, seed: seed, reportedBudgets: [budget], rules: [],
                        primaryRule: .majority, sampling: parameters, tree: tree(budget: budget),
                        promptStyle: promptStyle, limits: limits, planner: planner)
                    configuration.seedScheme = seedScheme
                    configurations.append(configuration)
                }
            }
        }
        return configurations
    }

    private static func unique<Element: Hashable>(_ elements: [Element]) -> [Element] {
        var seen = Set<Element>()
        return elements.filter { seen.insert($0).inserted }
    }
}
