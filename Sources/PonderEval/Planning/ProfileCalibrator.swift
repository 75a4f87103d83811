public import Foundation
public import PonderCore

/// Makes a ``PlannerProfile`` from stored evaluation runs of one policy: every stored configuration (strategy,
/// budget, selection rule, verifier, knobs) with its accuracy per difficulty bin and its mean cost, the probe
/// (the knobs of the stored majority vote, k samples), and the difficulty predictor fitted on probes replayed
/// from the stored majority samples.
///
/// Each problem's true bin is its pass@1 over every stored independent sample (the report's estimate). The
/// predictor's examples are disjoint windows of k samples of each problem's majority run in generation order:
/// the first window is exactly the probe `--strategy auto` draws with the same knobs and seed; the others are
/// further draws of the same distribution.
///
/// The planner compares configurations bin by bin, so by default the profile keeps only configurations measured
/// on every calibration problem: a series run on the first 10 of 100 problems has bin accuracies from other
/// problems than the rest (a medium bin of two problems, say), and the planner would choose on that noise.
public struct ProfileCalibrator: Sendable {
    /// The probe's size k.
    public var probeSamples: Int
    /// The intervals' bootstrap.
    public var bootstrap: Bootstrap
    /// Whether configurations measured on only some of the calibration problems stay in the profile.
    public var includePartial: Bool

    /// Creates a calibrator.
    ///
    /// - Throws: ``EvalError`` for a probe of fewer than one sample.
    public init(probeSamples: Int = 4, bootstrap: Bootstrap = Bootstrap(), includePartial: Bool = false) throws {
        guard probeSamples >= 1 else {
            throw EvalError.invalidParameter("probe", "\(probeSamples)", expected: "at least 1 sample")
        }
        self.probeSamples = probeSamples
        self.bootstrap = bootstrap
        self.includePartial = includePartial
    }

    /// The profile of `policy` (the only policy in the snapshot when `nil`).
    ///
    /// - Throws: ``EvalError`` when the snapshot has no runs of the policy, several policies and none chosen, or
    ///   no majority-vote runs with at least k samples to estimate difficulty from.
    public func calibrate(
        _ snapshot: EvalSnapshot, dataset: String? = nil, policy: String? = nil, grader: any AnswerGrader,
        command: String, created: Date = Date()
    ) throws -> PlannerProfile {
        try calibration(
            snapshot, dataset: dataset, policy: policy, grader: grader, command: command, created: created
        ).profile
    }

    /// A calibration: the profile, and the probes it was fitted on, kept for ``Calibration/crossValidated()``.
    public struct Calibration: Sendable {
        /// The profile.
        public var profile: PlannerProfile
        /// Each calibration problem's probes, by problem id.
        var examples: [String: [DifficultyPredictor.Example]]
        /// The configurations measured on only some of the calibration problems: left out of the profile, or
        /// kept in it when the calibrator includes partial ones.
        public var partial: [PlannedConfiguration] = []

        /// How well the predictor tells bins apart on problems it was not fitted on: leave one calibration
        /// problem out, fit on the rest, predict the left-out problem's probes. Rows are true bins, columns
        /// predicted bins, in ``DifficultyBin/allCases`` order; each cell counts probes.
        public func crossValidated() throws -> [[Int]] {
            let bins = DifficultyBin.allCases
            var matrix = Array(repeating: Array(repeating: 0, count: bins.count), count: bins.count)
            let problems = examples.keys.sorted()
            for left in problems {
                let training = problems.filter { $0 != left }.flatMap { examples[$0] ?? [] }
                guard !training.isEmpty else { continue }
                let predictor = try DifficultyPredictor.fit(training)
                for example in examples[left] ?? [] {
                    let truth = bins.firstIndex(of: example.bin) ?? 0
                    matrix[truth][bins.firstIndex(of: predictor.predict(example.features)) ?? 0] += 1
                }
            }
            return matrix
        }
    }

    /// The profile of `policy`, with the probes it was fitted on (see ``calibrate(_:dataset:policy:grader:command:created:)``).
    public func calibration(
        _ snapshot: EvalSnapshot, dataset: String? = nil, policy: String? = nil, grader: any AnswerGrader,
        command: String, created: Date = Date()
    ) throws -> Calibration {
        let policies = Set(snapshot.runs.map(\.key.policy)).sorted()
        let name: String
        if let policy {
            guard policies.contains(policy) else {
                throw EvalError.invalidParameter(
                    "policy", policy, expected: "one of \(policies.joined(separator: ", "))")
            }
            name = policy
        } else {
            guard policies.count == 1, let only = policies.first else {
                throw EvalError.invalidParameter(
                    "policy", "(none given)", expected: "one of \(policies.joined(separator: ", ")) (--policy)")
            }
            name = only
        }
        let runs = snapshot.runs.filter {
            $0.key.policy == name && StrategyKind(rawValue: $0.key.strategy) != nil
        }
        let summary = try EvalSummary(
            snapshot: EvalSnapshot(path: snapshot.path, runs: runs), dataset: dataset, bootstrap: bootstrap)
        let difficulty = summary.difficulty[name] ?? [:]

        let binProblems = Dictionary(grouping: difficulty.values.compactMap(\.bin)) { $0 }.mapValues(\.count)
        let measured = summary.series.flatMap { Self.configurations(of: $0) }
        var complete: [PlannedConfiguration] = []
        var partial: [PlannedConfiguration] = []
        for configuration in measured {
            if Self.covers(configuration, binProblems: binProblems) {
                complete.append(configuration)
            } else {
                partial.append(configuration)
            }
        }
        let configurations = includePartial ? measured : complete
        guard !configurations.isEmpty else {
            throw EvalError.invalidParameter(
                "database", snapshot.path,
                expected: "a configuration of \(name) measured on all \(difficulty.count) calibration problems "
                    + "(or --include-partial)")
        }
        guard
            let majority = MajorityComparison.baseline(policy: name, dataset: summary.dataset, in: summary.series),
            let knobs = Self.knobs(majority.key.parameters)
        else {
            throw EvalError.invalidParameter(
                "database", snapshot.path,
                expected: "majority-vote runs of \(name) (ponder eval --strategies majority) to estimate difficulty")
        }
        var probeSampling = knobs.sampling
        probeSampling.seed = 0
        let examples = Self.examples(
            runs: runs.filter { SeriesKey($0.key) == majority.key && $0.key.dataset == summary.dataset },
            difficulty: difficulty, k: probeSamples, maxTokens: probeSampling.maxTokens, grader: grader)
        guard !examples.isEmpty else {
            throw EvalError.invalidParameter(
                "database", snapshot.path,
                expected: "majority-vote runs of \(name) with at least \(probeSamples) samples per problem")
        }
        let predictor = try DifficultyPredictor.fit(examples.keys.sorted().flatMap { examples[$0] ?? [] })
        let parameterCount = runs.first?.accounting.policy.parameterCount ?? 0
        let profile = PlannerProfile(
            policy: ProfileModel(name: name, parameterCount: parameterCount),
            probe: PlannerProfile.ProbeSettings(samples: probeSamples, sampling: probeSampling),
            predictor: predictor, configurations: configurations,
            provenance: PlannerProfile.Provenance(
                command: command, dataset: summary.dataset, problems: difficulty.count, binProblems: binProblems,
                created: ISO8601DateFormatter().string(from: created)))
        return Calibration(profile: profile, examples: examples, partial: partial)
    }

    /// Whether `configuration` was measured on every calibration problem: in each bin, on as many problems as
    /// the bin holds (its bin counts only problems with a difficulty estimate, so equal counts mean the same
    /// problems).
    static func covers(_ configuration: PlannedConfiguration, binProblems: [DifficultyBin: Int]) -> Bool {
        binProblems.allSatisfy { bin, count in count == 0 || configuration.bins[bin]?.problems == count }
    }

    /// One configuration per (budget, rule) of a series; majority vote and CoT only under the majority rule.
    static func configurations(of series: SeriesSummary) -> [PlannedConfiguration] {
        guard let strategy = StrategyKind(rawValue: series.key.strategy), let knobs = knobs(series.key.parameters)
        else { return [] }
        var result: [PlannedConfiguration] = []
        for budget in series.budgets {
            for accuracy in budget.rules {
                guard strategy.usesVerifier || accuracy.rule == SelectionRule.majority.name,
                    let rule = try? SelectionRule(parsing: accuracy.rule)
                else { continue }
                var tree = knobs.tree
                tree.budget = budget.budget
                result.append(
                    PlannedConfiguration(
                        strategy: strategy, budget: budget.budget, rule: rule, verifier: series.key.verifier,
                        verifierMode: knobs.mode, sampling: knobs.sampling, tree: tree,
                        particles: strategy == .particleFilter ? knobs.particles : nil, stopping: knobs.stopping,
                        overall: MeasuredAccuracy(accuracy.accuracy, problems: accuracy.problems),
                        bins: Dictionary(
                            uniqueKeysWithValues: accuracy.bins.map {
                                ($0.bin, MeasuredAccuracy($0.accuracy, problems: $0.problems))
                            }),
                        cost: MeasuredCost(
                            generations: strategy == .cot ? 1 : budget.budget,
                            generatedTokens: budget.cost.generatedTokens,
                            flops: budget.cost.totalFLOPs, verifierFLOPs: budget.cost.verifierFLOPs,
                            seconds: budget.cost.wallSeconds)))
            }
        }
        return result
    }

    /// The calibration examples by problem: disjoint windows of `k` samples of each problem's largest run, in
    /// generation order.
    static func examples(
        runs: [StoredRun], difficulty: [String: DifficultyEstimate], k: Int, maxTokens: Int, grader: any AnswerGrader
    ) -> [String: [DifficultyPredictor.Example]] {
        var largest: [String: StoredRun] = [:]
        for run in runs {
            if let current = largest[run.key.problemID], current.candidateCount >= run.candidateCount { continue }
            largest[run.key.problemID] = run
        }
        var examples: [String: [DifficultyPredictor.Example]] = [:]
        for problem in largest.keys.sorted() {
            guard let run = largest[problem], let bin = difficulty[problem]?.bin else { continue }
            let samples = run.candidates.sorted { $0.position < $1.position }.map {
                ProbeSample(
                    answer: $0.answer, generatedTokens: $0.generatedTokens,
                    capped: $0.finishReason == FinishReason.length.rawValue)
            }
            var start = 0
            while start + k <= samples.count {
                let features = ProbeFeatures(
                    samples: Array(samples[start..<start + k]), maxTokens: maxTokens, grader: grader)
                examples[problem, default: []].append(DifficultyPredictor.Example(features: features.vector, bin: bin))
                start += k
            }
        }
        return examples
    }

    /// A stored run's knobs as sampling, tree and particle-filtering parameters and stopping rule; knobs a key
    /// does not name keep their defaults. `nil` for runs under a deadline or FLOPs budget, whose accuracy says
    /// as much about the machine they ran on as about the configuration.
    static func knobs(
        _ json: String
    ) -> (
        sampling: SamplingParameters, tree: TreeSearchParameters, particles: ParticleFilterParameters,
        stopping: StoppingRule?, mode: VerifierMode
    )? {
        guard let knobs = try? JSONDecoder().decode(StoredKnobs.self, from: Data(json.utf8)),
            knobs.deadlineSeconds == nil, knobs.budgetFLOPs == nil
        else { return nil }
        let stopping = knobs.stopping.flatMap { try? StoppingRule(name: $0) }
        guard (knobs.stopping == nil) == (stopping == nil) else { return nil }
        let defaults = SamplingParameters()
        let sampling = SamplingParameters(
            temperature: knobs.temperature ?? defaults.temperature, topP: knobs.topP ?? defaults.topP,
            topK: knobs.topK ?? defaults.topK, maxStepTokens: knobs.maxStepTokens ?? defaults.maxStepTokens,
            maxTokens: knobs.maxTokens ?? defaults.maxTokens,
            stepDelimiter: knobs.stepDelimiter ?? defaults.stepDelimiter)
        let tree = TreeSearchParameters(budget: 1)
        let mode = knobs.verifierMode.flatMap(VerifierMode.init(rawValue:)) ?? .step
        let defaultParticles = ParticleFilterParameters()
        let particles = ParticleFilterParameters(
            temperature: knobs.resamplingTemperature ?? defaultParticles.temperature,
            scheme: knobs.resampling.flatMap(ParticleFilterParameters.Scheme.init(rawValue:))
                ?? defaultParticles.scheme,
            essThreshold: knobs.essThreshold ?? defaultParticles.essThreshold)
        return (
            sampling,
            TreeSearchParameters(
                budget: 1, beamWidth: knobs.beamWidth ?? tree.beamWidth, maxDepth: knobs.maxDepth ?? tree.maxDepth,
                lookahead: knobs.lookahead ?? tree.lookahead, retries: knobs.retries ?? tree.retries,
                keepLengthCapped: knobs.keepLengthCapped ?? false),
            particles,
            stopping,
            mode
        )
    }

    /// ``RunParameters`` as stored, every knob optional.
    private struct StoredKnobs: Decodable {
        var temperature: Double?
        var topP: Double?
        var topK: Int?
        var maxTokens: Int?
        var maxStepTokens: Int?
        var stepDelimiter: String?
        var beamWidth: Int?
        var maxDepth: Int?
        var lookahead: Int?
        var retries: Int?
        var keepLengthCapped: Bool?
        var stopping: String?
        var deadlineSeconds: Double?
        var budgetFLOPs: Double?
        var resamplingTemperature: Double?
        var resampling: String?
        var essThreshold: Double?
        var verifierMode: String?
    }
}

extension MeasuredAccuracy {
    init(_ interval: ConfidenceInterval, problems: Int) {
        self.init(problems: problems, accuracy: interval.estimate, lower: interval.lower, upper: interval.upper)
    }
}
