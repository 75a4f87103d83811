import Foundation
public import PonderCore

/// One cell of the run matrix: a strategy run at one budget with one seed, on every problem.
public struct RunConfiguration: Sendable, Hashable {
    /// The strategy.
    public var strategy: StrategyKind
    /// The budget N the strategy runs at.
    public var budget: Int
    /// The sampling seed.
    public var seed: UInt32
    /// The budgets computed from this run, ascending (smaller ones by subsampling).
    public var reportedBudgets: [Int]
    /// The selection rules scored.
    public var rules: [SelectionRule]
    /// The rule the progress display shows.
    public var primaryRule: SelectionRule
    /// Sampling knobs, seed included.
    public var sampling: SamplingParameters
    /// Tree-search knobs at ``budget``.
    public var tree: TreeSearchParameters
    /// Resampling knobs of particle filtering.
    public var particles: ParticleFilterParameters
    /// How a problem becomes chat messages.
    public var promptStyle: PromptStyle
    /// Whether the verifier strategies select by step or by outcome scores.
    public var verifierMode: VerifierMode
    /// The stopping rule of majority vote, Best-of-N, beam search and DVTS (``budget`` is then a maximum).
    public var stopping: StoppingRule?
    /// The deadline and FLOPs budget of every search.
    public var limits: SearchLimits
    /// The planner of an `auto` run (``strategy`` is then unused); `nil` for a fixed strategy.
    public var planner: PlannerSettings?
    /// Whether a Best-of-N run scores the samples of the stored majority run (``sampleSource``) instead of
    /// drawing its own (see ``SampleReuse``).
    public var reusesSamples = false
    /// How each problem's samples are seeded from ``seed`` (``SeedScheme/shared`` unless an evaluation plan says
    /// otherwise): ``sampling``'s seed is the run seed, and ``seeded(for:)`` gives a problem's own.
    public var seedScheme = SeedScheme.shared

    /// Creates a configuration.
    public init(
        strategy: StrategyKind, budget: Int, seed: UInt32, reportedBudgets: [Int], rules: [SelectionRule],
        primaryRule: SelectionRule, sampling: SamplingParameters, tree: TreeSearchParameters,
        particles: ParticleFilterParameters = ParticleFilterParameters(), promptStyle: PromptStyle,
        verifierMode: VerifierMode = .step, stopping: StoppingRule? = nil, limits: SearchLimits = .none,
        planner: PlannerSettings? = nil
    ) {
        self.planner = planner
        self.stopping = stopping
        self.limits = limits
        self.strategy = strategy
        self.budget = budget
        self.seed = seed
        self.reportedBudgets = reportedBudgets
        self.rules = rules
        self.primaryRule = primaryRule
        self.sampling = sampling
        self.tree = tree
        self.particles = particles
        self.promptStyle = promptStyle
        self.verifierMode = verifierMode
    }

    /// The strategy's name in run keys and labels: `auto` for a planner run.
    public var strategyName: String { planner == nil ? strategy.rawValue : AutoStrategy.name }

    /// This configuration as it runs on problem `problemID`: its sampling seed is the problem's base seed under
    /// ``seedScheme`` (the run seed itself when shared). Keys keep the run seed.
    public func seeded(for problemID: String) -> RunConfiguration {
        var configuration = self
        configuration.sampling.seed = seedScheme.seed(run: seed, problemID: problemID)
        return configuration
    }

    /// Builds the strategy (the runner does, once per configuration, and once per problem for per-problem seeds).
    ///
    /// - Throws: ``PonderError`` for a budget the strategy cannot run.
    public func makeStrategy() throws -> any SearchStrategy {
        if let planner {
            let auto = try AutoStrategy(
                profile: planner.profile, profileSource: planner.source,
                limits: try PlanBudget(
                    generations: budget, flops: limits.flops, seconds: limits.deadline.map(\.seconds)),
                seed: sampling.seed, forceProfile: planner.forceProfile)
            return limits.isLimited ? LimitedSearch(auto, limits: limits) : auto
        }
        return try strategy.makeStrategy(
            tree: tree, parameters: sampling, selection: primaryRule, mode: verifierMode,
            particles: particles, stopping: stopping, limits: limits)
    }

    /// The knobs that change what a run produces, besides strategy, budget and seed, as canonical JSON:
    /// part of every result's key, so a run with other knobs is another run.
    public var parametersKey: String {
        let tree = strategy == .beam || strategy == .dvts
        let steps = tree || strategy == .particleFilter
        let particle = strategy == .particleFilter
        let knobs = RunParameters(
            temperature: sampling.temperature, topP: sampling.topP, topK: sampling.topK,
            maxTokens: sampling.maxTokens, maxStepTokens: sampling.maxStepTokens,
            stepDelimiter: sampling.stepDelimiter, systemPrompt: promptStyle.systemPrompt ?? "",
            beamWidth: tree ? self.tree.beamWidth : nil,
            maxDepth: steps ? self.tree.maxDepth : nil,
            lookahead: tree ? self.tree.lookahead : nil,
            retries: steps ? self.tree.retries : nil,
            keepLengthCapped: steps && self.tree.keepLengthCapped ? true : nil,
            resamplingTemperature: particle ? particles.temperature : nil,
            resampling: particle ? particles.scheme.rawValue : nil,
            essThreshold: particle ? particles.essThreshold : nil,
            verifierMode: strategy.usesVerifier && verifierMode == .outcome ? verifierMode.rawValue : nil,
            stopping: stopping?.name, deadlineSeconds: limits.deadline?.seconds, budgetFLOPs: limits.flops,
            profile: planner?.keyName, samples: reusesSamples ? SampleReuse.sourceStrategy.rawValue : nil,
            // Greedy CoT draws nothing, so its runs are the same under either scheme.
            seeds: seedScheme == .perProblem && (strategy != .cot || planner != nil) ? seedScheme.rawValue : nil)
        return knobs.canonicalJSON
    }

    /// The majority-vote configuration whose stored samples a run that ``reusesSamples`` scores: the same
    /// sampling, prompt and seed, at a fixed budget.
    public var sampleSource: RunConfiguration {
        var source = RunConfiguration(
            strategy: SampleReuse.sourceStrategy, budget: budget, seed: seed, reportedBudgets: [budget],
            rules: [.majority], primaryRule: .majority, sampling: sampling, tree: tree, promptStyle: promptStyle)
        source.seedScheme = seedScheme
        return source
    }
}

/// The knobs in a result's key.
struct RunParameters: Codable, Hashable {
    var temperature: Double
    var topP: Double
    var topK: Int
    var maxTokens: Int
    var maxStepTokens: Int
    var stepDelimiter: String
    var systemPrompt: String
    var beamWidth: Int?
    var maxDepth: Int?
    var lookahead: Int?
    var retries: Int?
    /// Present (true) only when tree search keeps length-capped paths, so keys of earlier runs are unchanged.
    var keepLengthCapped: Bool?
    /// Particle filtering's resampling knobs, present only for its runs.
    var resamplingTemperature: Double?
    var resampling: String?
    var essThreshold: Double?
    /// Present (`outcome`) only when a verifier strategy selects by outcome scores, so keys of step-scored runs
    /// are unchanged.
    var verifierMode: String?
    /// Present only for runs with a stopping rule (`beta:0.95`), so keys of fixed-budget runs are unchanged.
    var stopping: String?
    /// Present only for runs with a deadline, in seconds.
    var deadlineSeconds: Double?
    /// Present only for runs with a FLOPs budget.
    var budgetFLOPs: Double?
    /// Present only for `auto` runs: the planner profile's policy and creation time.
    var profile: String?
    /// Present (`majority`) only for Best-of-N runs that scored stored majority samples instead of drawing their
    /// own, so they stay apart from runs that drew theirs.
    var samples: String?
    /// Present (`per-problem`) only for runs whose problems each have their own base seed (``SeedScheme``), so keys
    /// of shared-seed runs are unchanged.
    var seeds: String?

    /// The knobs of a key's canonical JSON as `key=value` pairs in snake_case, for people (the report's
    /// series table): sampling first, then tree search, the system prompt last; the text itself when it is not
    /// a JSON object of plain values.
    static func readable(_ json: String) -> String {
        guard let knobs = try? JSONDecoder().decode([String: Knob].self, from: Data(json.utf8)) else { return json }
        let order = [
            "temperature", "topP", "topK", "maxTokens", "maxStepTokens", "stepDelimiter", "beamWidth", "maxDepth",
            "lookahead", "retries", "keepLengthCapped", "resamplingTemperature", "resampling", "essThreshold",
        ]
        let keys = knobs.keys.sorted { left, right in
            let (l, r) = (order.firstIndex(of: left) ?? order.count, order.firstIndex(of: right) ?? order.count)
            return l != r ? l < r : left < right
        }
        return keys.compactMap { key in knobs[key].map { "\(snakeCase(key))=\($0.text)" } }.joined(separator: ", ")
    }

    /// `maxStepTokens` as `max_step_tokens`.
    static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// One plain JSON value of a key.
    enum Knob: Decodable {
        case bool(Bool)
        case integer(Int)
        case number(Double)
        case string(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int.self) {
                self = .integer(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        var text: String {
            switch self {
            case .bool(let value): "\(value)"
            case .integer(let value): "\(value)"
            case .number(let value): value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
            case .string(let value) where value.isEmpty: "none"
            case .string(let value):
                "\""
                    + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
                    .replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
        }
    }

    /// Sorted keys, no whitespace: equal knobs give equal strings.
    var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers and strings cannot fail.
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
