import Foundation
import PonderCore
import Testing

@testable import PonderEval

/// Particle filtering's knobs in a stored run's key: present for its runs only, and read back by the
/// planner's calibration.
@Suite struct ParticleFilterKeyTests {
    private func configuration(
        _ strategy: StrategyKind, particles: ParticleFilterParameters = ParticleFilterParameters()
    ) -> RunConfiguration {
        RunConfiguration(
            strategy: strategy, budget: 8, seed: 0, reportedBudgets: [8], rules: [.lastMax], primaryRule: .lastMax,
            sampling: SamplingParameters(), tree: TreeSearchParameters(budget: 8, maxDepth: 12, retries: 2),
            particles: particles, promptStyle: PromptStyle())
    }

    @Test func theKeyHoldsTheResamplingKnobsAndTheCalibrationReadsThemBack() throws {
        let knobs = ParticleFilterParameters(temperature: 0.5, scheme: .systematic, essThreshold: 0.25)
        let key = configuration(.particleFilter, particles: knobs).parametersKey
        #expect(key.contains(#""essThreshold":0.25"#))
        #expect(key.contains(#""maxDepth":12"#) && key.contains(#""retries":2"#))
        #expect(!key.contains("beamWidth") && !key.contains("lookahead"))
        let read = try #require(ProfileCalibrator.knobs(key))
        #expect(read.particles == knobs)
        #expect(read.tree.maxDepth == 12)
        #expect(RunParameters.readable(key).contains("resampling_temperature=0.5, resampling=\"systematic\""))
    }

    @Test func otherStrategiesKeysAreUnchanged() {
        let knobs = ParticleFilterParameters(temperature: 0.5)
        for strategy in [StrategyKind.majority, .bestOfN, .beam, .dvts] {
            let key = configuration(strategy, particles: knobs).parametersKey
            #expect(!key.contains("resampling") && !key.contains("essThreshold"), "\(strategy): \(key)")
        }
        #expect(configuration(.beam).parametersKey.contains(#""beamWidth":4"#))
        #expect(!configuration(.majority).parametersKey.contains("maxDepth"))
        #expect(
            configuration(.particleFilter).parametersKey
                != configuration(.particleFilter, particles: knobs).parametersKey,
            "another temperature is another run")
    }
}
