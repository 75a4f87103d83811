/// One configuration a profile measured: a strategy with its settings, its accuracy in each difficulty bin and
/// what it cost, as the planner weighs it.
public struct PlannedConfiguration: Sendable, Hashable, Codable {
    /// The strategy.
    public var strategy: StrategyKind
    /// Its budget N (generations).
    public var budget: Int
    /// The selection rule (majority for CoT and majority vote).
    public var rule: SelectionRule
    /// The verifier it was measured with (`none` for strategies without one).
    public var verifier: String
    /// Whether the verifier scored steps or whole solutions.
    public var verifierMode: VerifierMode
    /// The sampling knobs it was measured with.
    public var sampling: SamplingParameters
    /// Beam width, depth cap, lookahead, retries and length-capped paths (tree strategies).
    public var tree: TreeSearchParameters
    /// Particle filtering's resampling knobs (`nil` for the other strategies, and in profiles written before
    /// particle filtering existed: its defaults then).
    public var particles: ParticleFilterParameters?
    /// The stopping rule of an adaptive majority vote, Best-of-N, beam search or DVTS (its budget is then a
    /// maximum); `nil` for a fixed budget.
    public var stopping: StoppingRule?
    /// Accuracy over all calibration problems.
    public var overall: MeasuredAccuracy
    /// Accuracy per difficulty bin; a bin without calibration problems is absent.
    public var bins: [DifficultyBin: MeasuredAccuracy]
    /// The mean cost of one problem.
    public var cost: MeasuredCost

    /// Creates a configuration.
    public init(
        strategy: StrategyKind, budget: Int, rule: SelectionRule, verifier: String, verifierMode: VerifierMode = .step,
        sampling: SamplingParameters, tree: TreeSearchParameters, particles: ParticleFilterParameters? = nil,
        stopping: StoppingRule? = nil, overall: MeasuredAccuracy, bins: [DifficultyBin: MeasuredAccuracy],
        cost: MeasuredCost
    ) {
        self.strategy = strategy
        self.budget = budget
        self.rule = rule
        self.verifier = verifier
        self.verifierMode = verifierMode
        self.sampling = sampling
        self.tree = tree
        self.particles = particles
        self.stopping = stopping
        self.overall = overall
        self.bins = bins
        self.cost = cost
    }

    /// The accuracy the planner expects in `bin`: the bin's measured accuracy, or the overall one where the
    /// calibration had no problem of that bin.
    public func accuracy(in bin: DifficultyBin) -> Double { (bins[bin] ?? overall).accuracy }

    /// The configuration's name: `majority@16`, `best-of-n@8/prm-last-max`, `beam@4 M=4/prm-last-vote`.
    public var label: String {
        var label = "\(strategy.rawValue)@\(budget)"
        if strategy == .beam || strategy == .dvts { label += " M=\(tree.beamWidth)" }
        if strategy == .particleFilter, let particles, particles != ParticleFilterParameters() {
            label += " T=\(particles.temperature) \(particles.scheme.rawValue) ESS=\(particles.essThreshold)"
        }
        if let stopping { label += " stop=\(stopping.name)" }
        if strategy.usesVerifier {
            label += "/\(rule.name)"
            if verifierMode == .outcome { label += "/outcome" }
        }
        return label
    }

    /// Whether it draws independent samples that a probe's samples can stand in for (majority, Best-of-N with a
    /// fixed budget; an adaptive one runs beside the probe, which then votes with it).
    public var reusesProbe: Bool { (strategy == .majority || strategy == .bestOfN) && stopping == nil }

    /// Builds the strategy with `seed`, and with `budget` in place of the measured N when given (the
    /// samples still to draw after a probe).
    public func makeStrategy(seed: UInt32) throws -> any SearchStrategy {
        var sampling = sampling
        sampling.seed = seed
        return try strategy.makeStrategy(
            tree: tree, parameters: sampling, selection: rule, mode: verifierMode,
            particles: particles ?? ParticleFilterParameters(), stopping: stopping)
    }
}

/// An accuracy measured on calibration problems, with its bootstrap interval.
public struct MeasuredAccuracy: Sendable, Hashable, Codable {
    /// Problems it was measured on.
    public var problems: Int
    /// The accuracy.
    public var accuracy: Double
    /// The interval's lower end.
    public var lower: Double
    /// The interval's upper end.
    public var upper: Double

    /// Creates a measurement.
    public init(problems: Int, accuracy: Double, lower: Double, upper: Double) {
        self.problems = problems
        self.accuracy = accuracy
        self.lower = lower
        self.upper = upper
    }
}

/// The mean cost of one problem under a configuration, as measured.
public struct MeasuredCost: Sendable, Hashable, Codable {
    /// Generations (the budget N as the paper counts it).
    public var generations: Int
    /// Tokens the policy generated.
    public var generatedTokens: Double
    /// Policy plus verifier FLOPs.
    public var flops: Double
    /// The verifier's share of ``flops``: what scoring costs even when the samples are reused.
    public var verifierFLOPs: Double
    /// Wall seconds on the calibration machine.
    public var seconds: Double

    /// Creates a cost.
    public init(generations: Int, generatedTokens: Double, flops: Double, verifierFLOPs: Double = 0, seconds: Double) {
        self.generations = generations
        self.generatedTokens = generatedTokens
        self.flops = flops
        self.verifierFLOPs = verifierFLOPs
        self.seconds = seconds
    }

    /// Keys that round-trip through snake_case (`verifier_flops`) with Foundation's key strategies.
    enum CodingKeys: String, CodingKey {
        case generations, generatedTokens, flops, seconds
        case verifierFLOPs = "verifierFlops"
    }
}
