public import PonderCore

/// The test-time scaling one request runs with, after the server's defaults, the model alias, the headers and
/// the body's `ponder` object have been applied in that order (later wins).
public struct ScalingSettings: Sendable, Hashable {
    /// A fixed strategy, or `auto` (the server's planner chooses).
    public var strategy: ScalingStrategy
    /// N: the number of solutions sampled (1 for CoT).
    public var budget: Int
    public var beamWidth: Int
    public var lookahead: Int
    /// The selection rule of Best-of-N, beam search, DVTS and particle filtering.
    public var selection: SelectionRule
    /// `self-certainty`, or the server's configured verifier.
    public var verifier: String
    /// When the search stops with what it has (the request's and the server's, whichever is sooner).
    public var deadline: Duration?
    /// The most steps a tree-search path may have.
    public var maxDepth: Int
    /// Whether tree search keeps a path cut at the token limit as a finished candidate.
    public var keepLengthCapped: Bool

    /// Creates settings.
    public init(
        strategy: ScalingStrategy = .fixed(.majority), budget: Int = 8, beamWidth: Int = 4, lookahead: Int = 0,
        selection: SelectionRule = .lastVote, verifier: String = "self-certainty", deadline: Duration? = nil,
        maxDepth: Int = 40, keepLengthCapped: Bool = true
    ) {
        self.strategy = strategy
        self.budget = budget
        self.beamWidth = beamWidth
        self.lookahead = lookahead
        self.selection = selection
        self.verifier = verifier
        self.deadline = deadline
        self.maxDepth = maxDepth
        self.keepLengthCapped = keepLengthCapped
    }

    /// The defaults with `overrides` applied.
    func applying(_ overrides: ScalingOverrides) -> ScalingSettings {
        var settings = self
        if let set = overrides.strategy { settings.strategy = set.value }
        if let set = overrides.budget { settings.budget = set.value }
        if let set = overrides.beamWidth { settings.beamWidth = set.value }
        if let set = overrides.lookahead { settings.lookahead = set.value }
        if let set = overrides.selection { settings.selection = set.value }
        if let set = overrides.verifier { settings.verifier = set.value }
        if let set = overrides.deadline {
            settings.deadline = settings.deadline.map { min($0, set.value) } ?? set.value
        }
        return settings
    }

    /// The strategy value these settings describe; `auto` plans with `planner` within the budget and deadline.
    ///
    /// - Throws: ``ServerError`` (400) naming the parameter that made the combination impossible.
    func makeStrategy(sampling: SamplingParameters, overrides: ScalingOverrides, planner: PlannerSettings?) throws
        -> any SearchStrategy
    {
        guard case .fixed(let strategy) = strategy else {
            return try makeAutoStrategy(sampling: sampling, overrides: overrides, planner: planner)
        }
        let tree = TreeSearchParameters(
            budget: strategy == .cot ? 1 : budget, beamWidth: strategy == .dvts || strategy == .beam ? beamWidth : 1,
            maxDepth: maxDepth, lookahead: lookahead, keepLengthCapped: keepLengthCapped)
        do {
            return try strategy.makeStrategy(tree: tree, parameters: sampling, selection: selection)
        } catch let error as PonderError {
            let message = error.message
            let param =
                message.hasPrefix("Invalid beam width")
                ? overrides.beamWidth?.param ?? "ponder.beam_width"
                : message.contains("lookahead")
                    ? overrides.lookahead?.param ?? "ponder.lookahead"
                    : overrides.budget?.param ?? "ponder.budget"
            throw ServerError.invalidValue(param, "Invalid test-time scaling settings: \(message)")
        }
    }

    /// `auto`: the planner with the server's profile, its budget N generations (and the deadline, which the
    /// planner converts with the profile's measured speeds). It samples with the profile's settings.
    private func makeAutoStrategy(
        sampling: SamplingParameters, overrides: ScalingOverrides, planner: PlannerSettings?
    ) throws -> AutoStrategy {
        let param = overrides.strategy?.param ?? "ponder.strategy"
        guard let planner else {
            throw ServerError.invalidValue(
                param, "Strategy 'auto' needs a planner profile: this server was started without one")
        }
        do {
            let limits = try PlanBudget(generations: budget, seconds: deadline.map(\.seconds))
            return try AutoStrategy(
                profile: planner.profile, profileSource: planner.source, limits: limits, seed: sampling.seed,
                forceProfile: planner.forceProfile)
        } catch let error as PonderError {
            throw ServerError.invalidValue(
                overrides.budget?.param ?? param, "Invalid test-time scaling settings: \(error.message)")
        }
    }
}
