/// The resampling knobs of particle filtering; the budget N, the depth cap and the length-cap rule come with
/// ``TreeSearchParameters`` like tree search's.
///
/// The defaults are its_hub's particle filtering: every step the particles are weighted by the softmax of
/// the logits of their newest step scores (temperature 1) and resampled multinomially.
public struct ParticleFilterParameters: Sendable, Hashable, Codable {
    /// How particles are drawn in proportion to their weights.
    public enum Scheme: String, Sendable, Hashable, Codable, CaseIterable {
        /// N independent draws (its_hub's `random.choices`).
        case multinomial
        /// One uniform offset and N evenly spaced pointers: lower variance, every particle with weight at least
        /// 1/N survives.
        case systematic
    }

    /// The softmax temperature over the particles' score logits: below 1 sharpens the weights towards the best
    /// particle, above 1 flattens them towards uniform.
    public var temperature: Double
    /// How particles are drawn.
    public var scheme: Scheme
    /// Resample when the effective sample size `1 / Σ w²` falls below `essThreshold × N`: 1 resamples every
    /// step (its_hub), 0 never (N independent samples with step scores).
    public var essThreshold: Double

    /// Creates parameters; every argument has its_hub's default.
    public init(temperature: Double = 1, scheme: Scheme = .multinomial, essThreshold: Double = 1) {
        self.temperature = temperature
        self.scheme = scheme
        self.essThreshold = essThreshold
    }

    /// Checks the values once, before any work.
    ///
    /// - Throws: ``PonderError`` naming the offending value.
    public func validated() throws -> ParticleFilterParameters {
        guard temperature > 0, temperature.isFinite else {
            throw PonderError.invalidParameter(
                "resampling temperature", "\(temperature)", expected: "a finite value above 0")
        }
        guard essThreshold >= 0, essThreshold <= 1 else {
            throw PonderError.invalidParameter("ESS threshold", "\(essThreshold)", expected: "a value in [0, 1]")
        }
        return self
    }

    /// Parses a scheme name.
    ///
    /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
    public static func scheme(parsing name: String) throws -> Scheme {
        guard let scheme = Scheme(rawValue: name.lowercased()) else {
            throw PonderError.unknownName("resampling scheme", name, known: Scheme.allCases.map(\.rawValue))
        }
        return scheme
    }
}
