/// A whole solution to score once.
public struct OutcomeScoringRequest: Sendable, Hashable {
    /// The problem the solution solves.
    public var problem: Problem
    /// The solution's steps, in order (their texts concatenate to the solution).
    public var steps: [Step]

    /// Creates a request.
    public init(problem: Problem, steps: [Step]) {
        self.problem = problem
        self.steps = steps
    }

    /// The solution's text.
    public var text: String { steps.map(\.text).joined() }
}

/// The score of one whole solution and what it cost.
public struct OutcomeScore: Sendable, Hashable {
    /// The score in [0, 1] (higher: more likely correct).
    public var score: Double
    /// Tokens the verifier evaluated and reused.
    public var usage: TokenUsage
    /// Whether the backend failed to score this solution; the score is then 0, so it ranks last.
    public var failed: Bool

    /// Creates a score.
    public init(score: Double, usage: TokenUsage = .zero, failed: Bool = false) {
        self.score = score
        self.usage = usage
        self.failed = failed
    }
}

extension ProcessRewardModel {
    /// The natural outcome score of a step verifier: its score of the last step, read with the whole solution
    /// in one pass (all requests in one call, so the backend batches them). A solution without steps scores 0
    /// without a call.
    ///
    /// Token-label and pooling PRMs read every step of a path in one pass anyway; the generative judge and
    /// self-certainty have outcome scores of their own.
    public func scoreOutcomesByLastStep(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        let scored = requests.indices.filter { !requests[$0].steps.isEmpty }
        let results = try await scoreSteps(
            scored.map {
                StepScoringRequest(
                    problem: requests[$0].problem, steps: requests[$0].steps,
                    firstStep: requests[$0].steps.count - 1)
            })
        var scores = requests.map { _ in OutcomeScore(score: 0) }
        for (index, result) in zip(scored, results) {
            scores[index] = OutcomeScore(score: result.scores.last ?? 0, usage: result.usage, failed: result.failed)
        }
        return scores
    }
}
