/// The strategies by name, as the CLI, the server and the evaluation harness spell them.
public enum StrategyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One greedy solution.
    case cot
    /// N samples, majority vote.
    case majority
    /// N samples, every step scored, selected by a rule.
    case bestOfN = "best-of-n"
    /// Step-level beam search (N, beam width M).
    case beam
    /// Diverse verifier tree search (N/M subtrees of one beam).
    case dvts
    /// Particle filtering (N particles resampled by their step scores).
    case particleFilter = "particle-filter"

    /// Parses a name.
    ///
    /// - Parameters:
    ///   - alsoKnown: names the caller handles itself before parsing (a front end's `auto`), listed in the error.
    /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
    public init(parsing name: String, alsoKnown: [String] = []) throws {
        guard let kind = StrategyKind(rawValue: name.lowercased()) else {
            throw PonderError.unknownName("strategy", name, known: StrategyKind.allCases.map(\.rawValue) + alsoKnown)
        }
        self = kind
    }

    /// Whether the strategy uses a verifier.
    public var usesVerifier: Bool { self != .cot && self != .majority }

    /// The selection rule a front end uses when the user names none: PRM-Last-Max for particle filtering
    /// (its_hub's `argmax` over the final weights), PRM-Last-Vote for the others (the paper's).
    public var defaultSelection: SelectionRule { self == .particleFilter ? .lastMax : .lastVote }

    /// Builds the strategy; the models it runs on come with the ``SearchContext``.
    ///
    /// - Parameters:
    ///   - tree: the budget N, and for beam search and DVTS the beam width, lookahead and depth cap
    ///     (CoT ignores N and samples once).
    ///   - parameters: sampling knobs (CoT forces temperature 0).
    ///   - selection: the selection rule of the verifier strategies (majority vote always counts votes).
    ///   - mode: whether the verifier strategies select by step scores or by outcome scores.
    ///   - particles: the resampling knobs of particle filtering (which takes N, the depth cap, retries and
    ///     the length-cap rule from `tree`).
    ///   - stopping: the stopping rule of majority vote and Best-of-N (the budget becomes a maximum), and of
    ///     beam search and DVTS (their beams stop expanding once the finished paths' vote is settled).
    ///   - limits: a deadline and a FLOPs budget; when set, the strategy is wrapped in ``LimitedSearch``.
    /// - Throws: ``PonderError`` for an invalid budget or parameter, or a stopping rule for another strategy.
    public func makeStrategy(
        tree: TreeSearchParameters,
        parameters: SamplingParameters,
        selection: SelectionRule = .lastVote,
        mode: VerifierMode = .step,
        particles: ParticleFilterParameters = ParticleFilterParameters(),
        stopping: StoppingRule? = nil,
        limits: SearchLimits = .none
    ) throws -> any SearchStrategy {
        let strategy = try makeBaseStrategy(
            tree: tree, parameters: parameters, selection: selection, mode: mode, particles: particles,
            stopping: stopping)
        return limits.isLimited ? LimitedSearch(strategy, limits: limits) : strategy
    }

    /// Whether a stopping rule applies (majority vote, Best-of-N, beam search and DVTS).
    public var acceptsStoppingRule: Bool { self == .majority || self == .bestOfN || self == .beam || self == .dvts }

    private func makeBaseStrategy(
        tree: TreeSearchParameters, parameters: SamplingParameters, selection: SelectionRule, mode: VerifierMode,
        particles: ParticleFilterParameters, stopping: StoppingRule?
    ) throws -> any SearchStrategy {
        if let stopping, !acceptsStoppingRule {
            throw PonderError.invalidParameter(
                "stopping rule", stopping.name,
                expected: "strategy majority, best-of-n, beam or dvts, not '\(rawValue)'")
        }
        return switch self {
        case .cot: try ChainOfThought(parameters: parameters)
        case .majority: try MajorityVote(n: tree.budget, parameters: parameters, stopping: stopping)
        case .bestOfN:
            try BestOfN(n: tree.budget, parameters: parameters, selection: selection, mode: mode, stopping: stopping)
        case .beam:
            try TreeSearch(
                .beam, tree: tree, sampling: parameters, selection: selection, mode: mode, stopping: stopping)
        case .dvts:
            try TreeSearch(
                .dvts, tree: tree, sampling: parameters, selection: selection, mode: mode, stopping: stopping)
        case .particleFilter:
            try ParticleFilter(
                tree: tree, resampling: particles, sampling: parameters, selection: selection, mode: mode)
        }
    }
}
