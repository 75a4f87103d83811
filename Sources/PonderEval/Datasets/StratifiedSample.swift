import PonderCore

/// A seeded sample of problems stratified by difficulty level, as MATH-500 itself was drawn.
///
/// Each level (problems without one form a stratum of their own) gets a share of the sample in proportion
/// to its size, by largest remainder: `count × size / total` rounded down, then the leftover places go to
/// the levels with the largest fractions (ties to the lower level). Within a level, problems are picked by
/// a seeded shuffle. The sample keeps dataset order.
public struct StratifiedSample: Sendable, Hashable {
    /// How many problems to draw.
    public var count: Int
    /// The seed of the shuffle.
    public var seed: UInt64

    /// Creates a sampler.
    public init(count: Int, seed: UInt64) {
        self.count = count
        self.seed = seed
    }

    /// How many problems each stratum contributes, keyed by level (`nil`: no level).
    ///
    /// - Parameter sizes: each stratum's size.
    public func quotas(sizes: [Int?: Int]) -> [Int?: Int] {
        let total = sizes.values.reduce(0, +)
        guard count < total else { return sizes }
        let strata = sizes.keys.sorted(by: Self.levelOrder)
        var quotas: [Int?: Int] = [:]
        var remainders: [(level: Int?, remainder: Int)] = []
        for level in strata {
            let size = sizes[level] ?? 0
            quotas[level] = count * size / total
            remainders.append((level, count * size % total))
        }
        let leftover = count - quotas.values.reduce(0, +)
        // A stable sort: equal remainders keep level order.
        let ranked = remainders.enumerated().sorted { lhs, rhs in
            lhs.element.remainder != rhs.element.remainder
                ? lhs.element.remainder > rhs.element.remainder : lhs.offset < rhs.offset
        }
        for entry in ranked.prefix(leftover) { quotas[entry.element.level, default: 0] += 1 }
        return quotas
    }

    /// Draws the sample from `problems`.
    public func draw(from problems: [DatasetProblem]) -> [DatasetProblem] {
        guard count < problems.count else { return problems }
        var strata: [Int?: [Int]] = [:]
        for (index, problem) in problems.enumerated() { strata[problem.level, default: []].append(index) }
        let quotas = quotas(sizes: strata.mapValues(\.count))
        var generator = SplitMix64(seed: seed)
        var chosen: [Int] = []
        for level in strata.keys.sorted(by: Self.levelOrder) {
            var members = strata[level] ?? []
            generator.shuffle(&members)
            chosen.append(contentsOf: members.prefix(quotas[level] ?? 0))
        }
        return chosen.sorted().map { problems[$0] }
    }

    /// Levels ascending, no level last.
    private static func levelOrder(_ lhs: Int?, _ rhs: Int?) -> Bool {
        switch (lhs, rhs) {
        case let (left?, right?): left < right
        case (.some, nil): true
        default: false
        }
    }
}
