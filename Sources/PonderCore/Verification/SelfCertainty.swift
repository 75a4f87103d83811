#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scores a step by the policy's own confidence in it: the geometric mean of its tokens' probabilities,
/// `exp(mean log p)`. No extra model runs; the log-probabilities come with the policy's tokens.
///
/// A step without recorded probabilities scores 0. Its outcome score is the same mean over every token of the
/// solution.
public struct SelfCertainty: ProcessRewardModel {
    /// Creates the verifier.
    public init() {}

    public var name: String { "self-certainty" }
    public var descriptor: ModelDescriptor? { nil }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        requests.map { request in
            StepScores(scores: request.steps[min(request.firstStep, request.steps.count)...].map(Self.score))
        }
    }

    /// The policy's confidence in each whole solution: the geometric mean of all its tokens' probabilities.
    public func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        requests.map { OutcomeScore(score: Self.score(solution: $0.steps)) }
    }

    /// The score of a whole solution: `exp(mean log p)` over the tokens of all its steps; 0 without any
    /// recorded probabilities.
    public static func score(solution steps: [Step]) -> Double {
        score(logProbabilities: steps.flatMap(\.tokenLogProbabilities)) ?? 0
    }

    /// `exp(mean log p)` over `logProbabilities`; `nil` when there are none.
    public static func score(logProbabilities: some Collection<Float>) -> Double? {
        guard !logProbabilities.isEmpty else { return nil }
        return exp(logProbabilities.reduce(0.0) { $0 + Double($1) } / Double(logProbabilities.count))
    }

    /// The score of one step.
    public static func score(_ step: Step) -> Double {
        step.meanLogProbability.map { exp($0) } ?? 0
    }
}
