#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scores a solution by the policy's own confidence: the exponential of its mean token log-probability.
///
/// Ordering by this score is ordering by mean token log-probability; the exponential (the geometric mean
/// of the token probabilities) puts it in [0, 1] like a reward model's, so weighted votes add sensibly.
/// A solution without recorded probabilities scores 0.
public struct MeanTokenProbabilityScorer: SolutionScorer {
    /// Creates the scorer.
    public init() {}

    public var name: String { "mean-logprob" }

    public func score(_ solutions: [PartialSolution], for problem: Problem) async throws -> [Double] {
        solutions.map(Self.score)
    }

    /// The score of one solution.
    public static func score(_ solution: PartialSolution) -> Double {
        var sum = 0.0
        var count = 0
        for step in solution.steps {
            for logp in step.tokenLogProbabilities {
                sum += Double(logp)
                count += 1
            }
        }
        return count == 0 ? 0 : exp(sum / Double(count))
    }
}
