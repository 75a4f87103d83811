#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The normalised weights of a particle population and the draws that resample it: the pure arithmetic of
/// ``ParticleFilter``.
///
/// A particle's weight is the softmax over the population of `logit(score) / temperature`, its newest step's
/// score clipped to `[1e-7, 1 − 1e-7]` first (its_hub's `_inv_sigmoid`). At temperature 1 this is each
/// particle's odds `s / (1 − s)` over their sum.
public struct ParticleWeights: Sendable, Hashable {
    /// The weights, in population order; they sum to 1.
    public let values: [Double]

    /// Weights from the particles' newest step scores.
    ///
    /// - Precondition: `scores` is not empty and `temperature > 0`.
    public init(scores: [Double], temperature: Double) {
        precondition(!scores.isEmpty, "at least one particle")
        precondition(temperature > 0, "a positive temperature")
        let logits = scores.map { score in
            let clipped = Swift.min(Swift.max(score.isNaN ? 0 : score, 1e-7), 1 - 1e-7)
            return log(clipped / (1 - clipped)) / temperature
        }
        // Shifting by the largest logit keeps exp from overflowing.
        let largest = logits.max() ?? 0
        let exponentials = logits.map { exp($0 - largest) }
        let total = exponentials.reduce(0, +)
        values = exponentials.map { $0 / total }
    }

    /// The effective sample size `1 / Σ w²`: N for equal weights, 1 when one particle holds all the weight.
    public var effectiveSampleSize: Double {
        1 / values.reduce(0) { $0 + $1 * $1 }
    }

    /// Draws `count` particle indices in proportion to the weights, in ascending order (copies of a particle
    /// side by side).
    ///
    /// Multinomial draws `count` uniforms `u` and takes for each the first index whose cumulative weight
    /// exceeds `u`; systematic draws one uniform `u` and takes the pointers `(u + k) / count`,
    /// `k = 0..<count`.
    public func resample(
        count: Int, scheme: ParticleFilterParameters.Scheme, using random: inout SplitMix64
    ) -> [Int] {
        guard count > 0 else { return [] }
        var cumulative: [Double] = []
        cumulative.reserveCapacity(values.count)
        var sum = 0.0
        for value in values {
            sum += value
            cumulative.append(sum)
        }
        let pointers: [Double]
        switch scheme {
        case .multinomial:
            pointers = (0..<count).map { _ in random.nextUnit() }.sorted()
        case .systematic:
            let offset = random.nextUnit()
            pointers = (0..<count).map { (offset + Double($0)) / Double(count) }
        }
        // The pointers ascend, so one walk over the cumulative weights finds every index; rounding can leave
        // the last cumulative weight a hair under a pointer, which then falls to the last particle.
        var indices: [Int] = []
        indices.reserveCapacity(count)
        var index = 0
        for pointer in pointers {
            while index < cumulative.count - 1, cumulative[index] <= pointer { index += 1 }
            indices.append(index)
        }
        return indices
    }
}
