import PonderCore
import Testing

/// The arithmetic of particle filtering by hand: weights from step scores, effective sample size, and the
/// resampling draws of a seeded generator.
@Suite struct ParticleWeightsTests {
    /// Scores 0.8, 0.5, 0.2, 0.75 have odds 4, 1, 0.25, 3 (sum 8.25).
    let scores = [0.8, 0.5, 0.2, 0.75]

    private func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-9) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) < tolerance, "\(actual) vs \(expected)") }
    }

    @Test func weightsAtTemperatureOneAreTheNormalisedOdds() {
        let weights = ParticleWeights(scores: scores, temperature: 1)
        expectClose(weights.values, [4 / 8.25, 1 / 8.25, 0.25 / 8.25, 3 / 8.25])
        // ESS = 8.25² / (16 + 1 + 0.0625 + 9) = 68.0625 / 26.0625 ≈ 2.6115.
        #expect(abs(weights.effectiveSampleSize - 68.0625 / 26.0625) < 1e-9)
    }

    @Test func temperatureSharpensOrFlattensTheWeights() {
        // Temperature 0.5 doubles the logits: weights ∝ odds² = 16, 1, 0.0625, 9 (sum 26.0625).
        expectClose(
            ParticleWeights(scores: scores, temperature: 0.5).values,
            [16 / 26.0625, 1 / 26.0625, 0.0625 / 26.0625, 9 / 26.0625])
        // Temperature 2 halves them: weights ∝ √odds = 2, 1, 0.5, √3.
        let root3 = 3.0.squareRoot()
        let sum = 3.5 + root3
        expectClose(ParticleWeights(scores: scores, temperature: 2).values, [2 / sum, 1 / sum, 0.5 / sum, root3 / sum])
    }

    @Test func effectiveSampleSizeRunsFromOneToN() {
        #expect(abs(ParticleWeights(scores: [0.3, 0.3, 0.3], temperature: 1).effectiveSampleSize - 3) < 1e-12)
        // Scores of exactly 1 and 0 are clipped to 1 − 1e-7 and 1e-7 (odds ≈ 1e7 and 1e-7), not infinite.
        let lopsided = ParticleWeights(scores: [1, 0, 0], temperature: 1)
        #expect(lopsided.values.allSatisfy { $0.isFinite })
        #expect(abs(lopsided.effectiveSampleSize - 1) < 1e-9)
    }

    @Test func theRunsGeneratorGivesTheUniformsTheHandWorkedRunsUse() {
        // The uniforms the hand-worked runs below and in ParticleFilterTests are drawn from.
        var random = ParticleFilter.random(seed: 17)
        let uniforms = (0..<8).map { _ in random.nextUnit() }
        expectClose(
            uniforms, [0.938920, 0.432808, 0.726431, 0.081269, 0.755697, 0.663003, 0.899503, 0.086425],
            tolerance: 1e-6)
    }

    @Test func multinomialDrawsSortedUniformsAgainstTheCumulativeWeights() {
        // Cumulative weights 0.4848, 0.6061, 0.6364, 1. Uniforms 0.9389, 0.4328, 0.7264, 0.0813 sorted:
        // 0.0813 → 0, 0.4328 → 0, 0.7264 → 3, 0.9389 → 3.
        var random = ParticleFilter.random(seed: 17)
        let drawn = ParticleWeights(scores: scores, temperature: 1).resample(
            count: 4, scheme: .multinomial, using: &random)
        #expect(drawn == [0, 0, 3, 3])
    }

    @Test func systematicDrawsEvenlySpacedPointersFromOneUniform() {
        // Odds 0.1, 0.2, 0.3, 0.4 (scores o / (1 + o)): weights 0.1, 0.2, 0.3, 0.4, cumulative 0.1, 0.3, 0.6, 1.
        let weights = ParticleWeights(scores: [0.1, 0.2, 0.3, 0.4].map { $0 / (1 + $0) }, temperature: 1)
        expectClose(weights.values, [0.1, 0.2, 0.3, 0.4])
        // Seed 17: u = 0.93892, pointers (u + k) / 4 = 0.2347, 0.4847, 0.7347, 0.9847 → 1, 2, 3, 3.
        var random = ParticleFilter.random(seed: 17)
        #expect(weights.resample(count: 4, scheme: .systematic, using: &random) == [1, 2, 3, 3])
        // Seed 42: u = 0.24494, pointers 0.0612, 0.3112, 0.5612, 0.8112 → 0, 2, 2, 3.
        var other = ParticleFilter.random(seed: 42)
        #expect(weights.resample(count: 4, scheme: .systematic, using: &other) == [0, 2, 2, 3])
    }

    @Test func resamplingCanGrowOrShrinkThePopulation() {
        var random = ParticleFilter.random(seed: 17)
        let weights = ParticleWeights(scores: [0.9, 0.1], temperature: 1)
        let drawn = weights.resample(count: 5, scheme: .systematic, using: &random)
        #expect(drawn.count == 5)
        #expect(drawn == drawn.sorted())
        #expect(weights.resample(count: 0, scheme: .multinomial, using: &random).isEmpty)
    }

    @Test func invalidKnobsAreRefused() throws {
        #expect(throws: PonderError.self) { try ParticleFilterParameters(temperature: 0).validated() }
        #expect(throws: PonderError.self) { try ParticleFilterParameters(essThreshold: 1.5).validated() }
        #expect(throws: PonderError.self) { try ParticleFilterParameters.scheme(parsing: "stratified") }
        #expect(try ParticleFilterParameters.scheme(parsing: "Systematic") == .systematic)
    }
}
