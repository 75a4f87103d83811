/// The area under the ROC curve of scores against correctness: the probability that a right candidate,
/// drawn at random, scores above a wrong one drawn at random, a tie counting one half (the Mann–Whitney U
/// statistic over the number of right–wrong pairs). 0.5 is chance, 1 a perfect separation, 0 a perfectly
/// inverted one.
///
/// Two ways of pooling candidates, which answer different questions:
/// - **pooled** (``value(scores:correct:)`` over every candidate of every problem): can one threshold on the
///   score tell right from wrong across problems? Problem difficulty enters: a verifier that scores easy
///   problems high and hard ones low gets credit without ranking any problem's candidates.
/// - **within-problem** (``withinProblems(_:)``): does the score rank a problem's right candidates above its
///   wrong ones? That is what selection needs. Only problems with both right and wrong candidates count.
package struct AUROC: Sendable {
    /// The items in ascending score order, as (score, correct, index into the input).
    private let sorted: [(score: Double, correct: Bool, index: Int)]

    /// Prepares `scores` with their labels for repeated evaluation under different weights (the bootstrap).
    ///
    /// - Precondition: `scores` and `correct` have the same length.
    package init(scores: [Double], correct: [Bool]) {
        precondition(scores.count == correct.count, "one label per score")
        sorted = scores.indices.map { (score: scores[$0], correct: correct[$0], index: $0) }.sorted {
            $0.score < $1.score
        }
    }

    /// The AUROC with item i counted `weights[i]` times (a bootstrap replicate draws items several times);
    /// `nil` unless some right and some wrong item have positive weight.
    ///
    /// One pass in score order: each right item gains the weight of the wrong items below it, plus half of
    /// the wrong weight tied with it.
    package func value(weights: [Double]) -> Double? {
        var pairs = 0.0
        var wrongBelow = 0.0
        var rightTotal = 0.0
        var start = sorted.startIndex
        while start < sorted.endIndex {
            var end = start
            var right = 0.0
            var wrong = 0.0
            while end < sorted.endIndex, sorted[end].score == sorted[start].score {
                let weight = weights[sorted[end].index]
                if sorted[end].correct { right += weight } else { wrong += weight }
                end += 1
            }
            pairs += right * (wrongBelow + wrong / 2)
            wrongBelow += wrong
            rightTotal += right
            start = end
        }
        guard rightTotal > 0, wrongBelow > 0 else { return nil }
        return pairs / (rightTotal * wrongBelow)
    }

    /// The AUROC of every item once.
    package var value: Double? { value(weights: Array(repeating: 1, count: sorted.count)) }

    /// The AUROC of `scores` against `correct`; `nil` without both a right and a wrong item.
    package static func value(scores: [Double], correct: [Bool]) -> Double? {
        AUROC(scores: scores, correct: correct).value
    }

    /// The mean of the problems' own AUROCs, over problems with both right and wrong candidates.
    ///
    /// - Parameter problems: each problem's candidates as (score, correct) pairs.
    /// - Returns: the mean and how many problems it covers; `nil` when no problem has both kinds.
    package static func withinProblems(
        _ problems: [[(score: Double, correct: Bool)]]
    ) -> (mean: Double, problems: Int)? {
        let values = problems.compactMap { problem in
            value(scores: problem.map(\.score), correct: problem.map(\.correct))
        }
        guard !values.isEmpty else { return nil }
        return (values.reduce(0, +) / Double(values.count), values.count)
    }
}
