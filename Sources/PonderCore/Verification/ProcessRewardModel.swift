/// A verifier that scores the steps of partial solutions, each score in [0, 1] (higher: more likely correct),
/// and whole solutions once (``scoreOutcomes(_:)``, an outcome reward model).
///
/// Implementations: token-label PRMs described by a ``PRMFormat`` and the generative ("LLM as judge")
/// verifier on the embedded engine, PRM endpoints over HTTP, and ``SelfCertainty`` (no model at all).
/// One call scores many paths, so backends batch them; a path's earlier steps are usually cached, so
/// scoring its newest step costs little more than that step.
public protocol ProcessRewardModel: Sendable {
    /// A short name for results and traces (`generative`, `self-certainty`, a format name).
    var name: String { get }
    /// The model behind the verifier, for accounting; `nil` when it runs no model of its own.
    var descriptor: ModelDescriptor? { get }

    /// Scores `steps[firstStep...]` of each request; the result has one ``StepScores`` per request, in order.
    ///
    /// - Throws: when a request does not fit the verifier, or its backend fails.
    func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores]

    /// Scores each whole solution once; the result has one ``OutcomeScore`` per request, in order. One call
    /// scores all requests, so backends batch them (one pass per solution).
    ///
    /// The generative judge asks whether the final answer is correct; self-certainty is the policy's
    /// confidence in the whole solution; a PRM's outcome score is its score of the last step, read in one pass
    /// (``scoreOutcomesByLastStep(_:)``, the default).
    ///
    /// - Throws: when a solution does not fit the verifier, or its backend fails.
    func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore]
}

extension ProcessRewardModel {
    /// The score of the last step, read in one pass (``scoreOutcomesByLastStep(_:)``).
    public func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        try await scoreOutcomesByLastStep(requests)
    }
}

/// Which steps of which path to score.
public struct StepScoringRequest: Sendable, Hashable {
    /// The problem the path solves.
    public var problem: Problem
    /// The path's steps, in order.
    public var steps: [Step]
    /// The first step to score; earlier steps are context.
    public var firstStep: Int

    /// Creates a request; by default only the newest step is scored.
    public init(problem: Problem, steps: [Step], firstStep: Int? = nil) {
        self.problem = problem
        self.steps = steps
        self.firstStep = firstStep ?? max(steps.count - 1, 0)
    }
}

/// The scores of one request's steps and what they cost.
public struct StepScores: Sendable, Hashable {
    /// One score in [0, 1] per scored step.
    public var scores: [Double]
    /// Tokens the verifier evaluated and reused.
    public var usage: TokenUsage
    /// Whether the backend failed to score this request (a remote server failed after its retries); the
    /// scores are then 0, so the path ranks last instead of aborting the search.
    public var failed: Bool

    /// Creates scores.
    public init(scores: [Double], usage: TokenUsage = .zero, failed: Bool = false) {
        self.scores = scores
        self.usage = usage
        self.failed = failed
    }

    /// Zero scores for the `count` steps of a request the backend failed to score.
    public static func failure(count: Int) -> StepScores {
        StepScores(scores: Array(repeating: 0, count: count), failed: true)
    }
}

extension ProcessRewardModel {
    /// The verifier's name in stored run keys and planner profiles: its name, and its model's when it has one
    /// (`generative:qwen…gguf`).
    public var keyName: String { descriptor.map { "\(name):\($0.name)" } ?? name }
}
