import PonderCore

/// A confidence interval around an estimate.
public struct ConfidenceInterval: Sendable, Hashable, Codable {
    /// The point estimate.
    public var estimate: Double
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double

    /// Creates an interval.
    public init(estimate: Double, lower: Double, upper: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }
}

/// Percentile bootstrap confidence intervals for a mean over problems, with seeds nested in problems.
///
/// The data are one list per problem, holding that problem's value (1 correct, 0 wrong) under each seed.
/// The estimate is the mean over problems of each problem's mean over seeds. One replicate draws as many
/// problems as there are, with replacement; for each drawn problem it draws as many of its seed values as
/// it has, with replacement, and averages them (a two-level bootstrap: with one seed per problem, or seeds
/// that agree, it is the ordinary bootstrap over problems). The interval is the replicates' percentiles at (1 − c)/2 and
/// (1 + c)/2 (``Percentile/linear(_:_:)``). Draws come from ``SplitMix64``, so a seed gives one interval.
public struct Bootstrap: Sendable, Hashable {
    /// How many replicates.
    public var resamples: Int
    /// The confidence level c, in (0, 1).
    public var confidence: Double
    /// The seed of the draws.
    public var seed: UInt64

    /// Creates a bootstrap; the default is 2,000 replicates at 95%.
    public init(resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64 = 0) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// The mean over problems of the per-problem mean over seeds; `nil` when there is no problem with a value.
    public static func mean(_ groups: [[Double]]) -> Double? {
        let groups = groups.filter { !$0.isEmpty }
        guard !groups.isEmpty else { return nil }
        return groups.reduce(0) { $0 + $1.reduce(0, +) / Double($1.count) } / Double(groups.count)
    }

    /// The replicate means, in draw order.
    public func replicates(_ groups: [[Double]]) -> [Double] {
        let groups = groups.filter { !$0.isEmpty }
        guard !groups.isEmpty, resamples > 0 else { return [] }
        // A group whose seeds agree has one possible mean: no draws (so agreeing seeds change nothing).
        let constant = groups.map { group in group.allSatisfy { $0 == group[0] } }
        var generator = SplitMix64(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var total = 0.0
            for _ in groups.indices {
                let drawn = generator.index(below: groups.count)
                let group = groups[drawn]
                if constant[drawn] {
                    total += group[0]
                } else {
                    var sum = 0.0
                    for _ in group.indices { sum += group[generator.index(below: group.count)] }
                    total += sum / Double(group.count)
                }
            }
            means.append(total / Double(groups.count))
        }
        return means
    }

    /// The estimate and its percentile interval; `nil` when there is no data.
    public func interval(_ groups: [[Double]]) -> ConfidenceInterval? {
        guard let estimate = Self.mean(groups) else { return nil }
        let sorted = replicates(groups).sorted()
        guard !sorted.isEmpty else { return ConfidenceInterval(estimate: estimate, lower: estimate, upper: estimate) }
        let tail = (1 - confidence) / 2
        return ConfidenceInterval(
            estimate: estimate, lower: Percentile.linear(sorted, tail), upper: Percentile.linear(sorted, 1 - tail))
    }
}

/// Percentiles of sorted samples.
public enum Percentile {
    /// The `p`-quantile of `sorted` by linear interpolation between order statistics (Hyndman and Fan's
    /// type 7, the default of R and NumPy): position h = (n − 1)·p, value x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
    ///
    /// - Precondition: `sorted` is non-empty and ascending; `p` is in [0, 1].
    public static func linear(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of no samples")
        let position = Double(sorted.count - 1) * min(max(p, 0), 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }
}

extension Bootstrap {
    /// A percentile interval for any statistic of groups (problems) drawn with replacement.
    ///
    /// One replicate draws `groups` indexes uniformly with replacement (from ``SplitMix64`` seeded with
    /// ``seed``, like ``replicates(_:)``) and evaluates `statistic` with each group's draw count (1 for every
    /// group gives the estimate). Replicates where the statistic is undefined (`nil`: an AUROC whose draw
    /// holds no wrong candidate, say) are left out of the percentiles.
    ///
    /// - Parameters:
    ///   - groups: how many groups there are.
    ///   - statistic: the statistic of the groups, each counted as often as it was drawn.
    /// - Returns: the estimate and its interval; `nil` when the statistic of all groups is undefined.
    public func interval(groups: Int, statistic: ([Double]) -> Double?) -> ConfidenceInterval? {
        guard groups > 0, let estimate = statistic(Array(repeating: 1, count: groups)) else { return nil }
        var generator = SplitMix64(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var counts = Array(repeating: 0.0, count: groups)
        for _ in 0..<max(resamples, 0) {
            for index in counts.indices { counts[index] = 0 }
            for _ in 0..<groups { counts[generator.index(below: groups)] += 1 }
            if let value = statistic(counts) { values.append(value) }
        }
        guard !values.isEmpty else { return ConfidenceInterval(estimate: estimate, lower: estimate, upper: estimate) }
        values.sort()
        let tail = (1 - confidence) / 2
        return ConfidenceInterval(
            estimate: estimate, lower: Percentile.linear(values, tail), upper: Percentile.linear(values, 1 - tail))
    }
}
