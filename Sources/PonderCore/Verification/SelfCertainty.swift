#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scores a step by the policy's own confidence in it: the geometric mean of its tokens' probabilities,
/// `exp(mean log p)`. No extra model runs; the log-probabilities come with the policy's tokens.
///
/// A step without recorded probabilities scores 0.
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

    /// The score of one step.
    public static func score(_ step: Step) -> Double {
        step.meanLogProbability.map { exp($0) } ?? 0
    }
}
