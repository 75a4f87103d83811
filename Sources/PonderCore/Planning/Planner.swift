/// The compute-optimal choice (Liu et al. 2025; Snell et al. 2024): of the profile's configurations that the
/// running verifier can run and that fit the budget after the probe, the one that maximises the expected
/// accuracy Σ_bin P(bin | probe) × accuracy(configuration, bin); ties go to the cheaper.
public struct Planner: Sendable {
    /// The profile whose measurements it weighs.
    public var profile: PlannerProfile
    /// The P(easy) above which a unanimous probe ends the search.
    public var settleConfidence: Double

    /// Creates a planner.
    public init(profile: PlannerProfile, settleConfidence: Double = 0.8) {
        self.profile = profile
        self.settleConfidence = settleConfidence
    }

    /// One configuration as the planner weighed it.
    public struct Option: Sendable, Hashable, Codable {
        /// The configuration.
        public var configuration: PlannedConfiguration
        /// Σ_bin P(bin) × its accuracy in the bin.
        public var expectedAccuracy: Double
        /// What it spends in all, probe included.
        public var cost: PlannedCost
    }

    /// What the planner decided.
    public enum Decision: Sendable, Hashable {
        /// The probe settled the answer: stop.
        case settled
        /// Run this configuration.
        case run(Option)
        /// Nothing fits beside the probe: answer from the probe.
        case probeOnly
    }

    /// Weighs every runnable configuration, best first.
    ///
    /// - Parameters:
    ///   - bins: P(bin | probe); uniform when the profile has no predictor.
    ///   - probe: what the probe spent (generations, FLOPs, seconds).
    ///   - probeSampling: the probe's sampling knobs, to tell which configurations can reuse its samples.
    ///   - verifier: the running verifier's name; configurations measured with another are skipped.
    ///   - budget: what the problem may spend in all.
    public func options(
        bins: [DifficultyBin: Double], probe: PlannedCost, probeSampling: SamplingParameters, verifier: String,
        budget: PlanBudget
    ) -> [Option] {
        var options: [Option] = []
        for configuration in profile.configurations {
            guard !configuration.strategy.usesVerifier || configuration.verifier == verifier else { continue }
            if let fixed = profile.fixedStrategy, configuration.strategy != fixed { continue }
            let cost = Self.cost(of: configuration, after: probe, probeSampling: probeSampling)
            guard budget.admits(cost) else { continue }
            let expected = DifficultyBin.allCases.reduce(0.0) { sum, bin in
                sum + (bins[bin] ?? 0) * configuration.accuracy(in: bin)
            }
            options.append(Option(configuration: configuration, expectedAccuracy: expected, cost: cost))
        }
        return options.sorted(by: Self.isBetter)
    }

    /// The decision for a probe with `features` and bin probabilities `bins`.
    public func decide(
        features: ProbeFeatures?, bins: [DifficultyBin: Double], probe: PlannedCost, probeSampling: SamplingParameters,
        verifier: String, budget: PlanBudget
    ) -> Decision {
        decide(
            features: features, bins: bins,
            ranked: options(bins: bins, probe: probe, probeSampling: probeSampling, verifier: verifier, budget: budget))
    }

    /// The decision among options already weighed by ``options(bins:probe:probeSampling:verifier:budget:)``.
    public func decide(features: ProbeFeatures?, bins: [DifficultyBin: Double], ranked: [Option]) -> Decision {
        if let features, features.isUnanimous, (bins[.easy] ?? 0) >= settleConfidence { return .settled }
        guard let best = ranked.first else { return .probeOnly }
        if profile.fixedStrategy != nil {
            // The paper's rule: its strategy at the largest budget that fits.
            return .run(ranked.max { $0.configuration.budget < $1.configuration.budget } ?? best)
        }
        return .run(best)
    }

    /// Higher expected accuracy first; within 1e-9, fewer generations, then fewer FLOPs, then the label.
    static func isBetter(_ left: Option, _ right: Option) -> Bool {
        if abs(left.expectedAccuracy - right.expectedAccuracy) > 1e-9 {
            return left.expectedAccuracy > right.expectedAccuracy
        }
        if left.cost.generations != right.cost.generations { return left.cost.generations < right.cost.generations }
        if left.cost.flops != right.cost.flops { return left.cost.flops < right.cost.flops }
        return left.configuration.label < right.configuration.label
    }

    /// What `configuration` spends in all after the probe: a sampling configuration drawn with the probe's
    /// knobs reuses the probe's samples as its first ones (so it spends max(k, N) generations, its measured
    /// policy cost only for the samples still to draw, and its verifier cost in full: every sample is scored);
    /// any other runs in full beside the probe.
    public static func cost(
        of configuration: PlannedConfiguration, after probe: PlannedCost, probeSampling: SamplingParameters
    ) -> PlannedCost {
        let measured = configuration.cost
        let n = max(configuration.budget, 1)
        if canReuse(configuration, probeSampling: probeSampling) {
            let fresh = max(0, configuration.budget - probe.generations)
            let share = Double(fresh) / Double(n)
            let policyFLOPs = measured.flops - measured.verifierFLOPs
            return PlannedCost(
                generations: probe.generations + fresh,
                flops: probe.flops + policyFLOPs * share + measured.verifierFLOPs,
                seconds: probe.seconds + measured.seconds * share)
        }
        let generations = configuration.strategy == .cot ? 1 : configuration.budget
        return PlannedCost(
            generations: probe.generations + generations, flops: probe.flops + measured.flops,
            seconds: probe.seconds + measured.seconds)
    }

    /// Whether the configuration's samples are drawn as the probe's are (same knobs but the seed).
    public static func canReuse(_ configuration: PlannedConfiguration, probeSampling: SamplingParameters) -> Bool {
        guard configuration.reusesProbe else { return false }
        var measured = configuration.sampling
        measured.seed = probeSampling.seed
        return measured == probeSampling
    }
}
