/// One bin of a reliability (calibration) diagram: the candidates whose score falls in [lower, upper), and
/// how many of them were right.
public struct ReliabilityBin: Sendable, Hashable {
    /// The bin's lower edge (inclusive).
    public var lower: Double
    /// The bin's upper edge (exclusive, except for the last bin, which holds its upper edge).
    public var upper: Double
    /// Candidates in the bin.
    public var count: Int
    /// Right candidates in the bin.
    public var correct: Int
    /// The mean score of the bin's candidates.
    public var meanScore: Double

    /// Creates a bin.
    public init(lower: Double, upper: Double, count: Int, correct: Int, meanScore: Double) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.correct = correct
        self.meanScore = meanScore
    }

    /// The fraction of the bin's candidates that were right.
    public var fractionCorrect: Double { count > 0 ? Double(correct) / Double(count) : 0 }

    /// Equal-width bins over [0, 1] when every score is in it (probabilities), else over [min, max] of the
    /// scores; empty bins are left out.
    ///
    /// - Parameters:
    ///   - scores: the candidates' scores.
    ///   - correct: whether each was right.
    ///   - count: the number of bins (at least 1).
    /// - Returns: the non-empty bins, ascending.
    public static func bins(scores: [Double], correct: [Bool], count: Int = 10) -> [ReliabilityBin] {
        precondition(scores.count == correct.count, "one label per score")
        guard let low = scores.min(), let high = scores.max() else { return [] }
        let range = low >= 0 && high <= 1 ? 0.0...1.0 : low...high
        let bins = max(count, 1)
        let span = range.upperBound - range.lowerBound
        var totals = Array(repeating: (count: 0, correct: 0, sum: 0.0), count: bins)
        for (score, right) in zip(scores, correct) {
            // Multiplied, not divided by the width: 0.3 / 0.1 is 2.9999999999999996, 0.3 × 10 is 3.0000000000000004.
            let position = span > 0 ? (score - range.lowerBound) / span * Double(bins) : 0
            let index = min(max(Int((position + 1e-9).rounded(.down)), 0), bins - 1)
            totals[index].count += 1
            totals[index].correct += right ? 1 : 0
            totals[index].sum += score
        }
        return totals.indices.compactMap { index in
            let total = totals[index]
            guard total.count > 0 else { return nil }
            return ReliabilityBin(
                lower: range.lowerBound + span * Double(index) / Double(bins),
                upper: index == bins - 1
                    ? range.upperBound : range.lowerBound + span * Double(index + 1) / Double(bins),
                count: total.count, correct: total.correct, meanScore: total.sum / Double(total.count))
        }
    }

    /// The expected calibration error of `bins`: the count-weighted mean of |fraction right − mean score|;
    /// meaningful when scores are meant as probabilities of being right. `nil` without candidates.
    public static func expectedCalibrationError(_ bins: [ReliabilityBin]) -> Double? {
        let total = bins.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        return bins.reduce(0) { $0 + Double($1.count) * abs($1.fractionCorrect - $1.meanScore) } / Double(total)
    }
}
