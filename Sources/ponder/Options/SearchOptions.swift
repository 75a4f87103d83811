import ArgumentParser
import PonderCore

/// Flags for the step-wise strategies: beam width, lookahead, depth cap, length-capped paths, and particle
/// filtering's resampling.
struct SearchOptions: ParsableArguments {
    @Option(name: .long, help: "Beam width M: samples per kept beam (beam, dvts). N must be a multiple of M.")
    var beamWidth: Int = 4

    @Option(name: .long, help: "Greedy steps rolled out past a candidate to score it (beam, dvts).")
    var lookahead: Int = 0

    @Option(name: .long, help: "The most steps a path may have (beam, dvts, particle-filter).")
    var maxDepth: Int = 40

    @Flag(
        name: .long,
        help: """
            Keep a path that reaches a token limit as a finished, length-capped candidate (search-and-learn's \
            behaviour) instead of dropping it and sampling its parent again (beam, dvts, particle-filter).
            """)
    var keepCapped = false

    @Option(
        name: .long,
        help: """
            Softmax temperature of particle-filter's weights over the logits of the particles' step scores: \
            below 1 favours the best particles, above 1 flattens towards uniform.
            """)
    var resamplingTemperature: Double = 1

    @Option(
        name: .long,
        help: """
            How particle-filter draws particles: \
            \(ParticleFilterParameters.Scheme.allCases.map(\.rawValue).joined(separator: ", ")).
            """)
    var resampling: String = ParticleFilterParameters.Scheme.multinomial.rawValue

    @Option(
        name: .long,
        help: """
            Particle-filter resamples when the effective sample size 1/sum(w^2) falls below this fraction of N: \
            1 resamples every step (its_hub), 0 never.
            """)
    var essThreshold: Double = 1

    /// Particle filtering's resampling knobs, checked.
    ///
    /// - Throws: ``PonderError`` for an unknown scheme or a value out of range.
    func particles() throws -> ParticleFilterParameters {
        try ParticleFilterParameters(
            temperature: resamplingTemperature, scheme: ParticleFilterParameters.scheme(parsing: resampling),
            essThreshold: essThreshold
        ).validated()
    }

    /// The tree parameters for budget `n` (validated by the strategy).
    func tree(n: Int) -> TreeSearchParameters {
        TreeSearchParameters(
            budget: n, beamWidth: beamWidth, maxDepth: maxDepth, lookahead: lookahead, keepLengthCapped: keepCapped)
    }
}
