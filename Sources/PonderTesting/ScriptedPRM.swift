public import PonderCore
import Synchronization

/// A verifier whose score for a step is a function of the path up to it: table-driven tests of search.
public final class ScriptedPRM: ProcessRewardModel, Sendable {
    /// The score of the last step of `path` (step texts).
    public typealias Score = @Sendable (_ path: [String]) -> Double

    private let score: Score
    private let outcome: Score?
    private let recorded = Mutex<[[StepScoringRequest]]>([])
    private let recordedOutcomes = Mutex<[[OutcomeScoringRequest]]>([])

    /// Creates a verifier scoring steps with `score`, and whole solutions with `outcome` (a function of all
    /// the solution's step texts), or when it is `nil`, by the last step's score (the protocol's default).
    public init(score: @escaping Score, outcome: Score? = nil) {
        self.score = score
        self.outcome = outcome
    }

    /// Creates a verifier looking scores up by the step's text (default for unknown steps).
    public convenience init(table: [String: Double], default fallback: Double = 0.5) {
        self.init { path in path.last.flatMap { table[$0] } ?? fallback }
    }

    /// The requests of each call so far.
    public var calls: [[StepScoringRequest]] { recorded.withLock { $0 } }

    /// The requests of each outcome call so far.
    public var outcomeCalls: [[OutcomeScoringRequest]] { recordedOutcomes.withLock { $0 } }

    public var name: String { "scripted" }
    public var descriptor: ModelDescriptor? {
        ModelDescriptor(
            name: "scripted-prm", parameterCount: 2_000_000, contextLength: 1 << 20, maxParallelSequences: 256)
    }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        recorded.withLock { $0.append(requests) }
        return requests.map { request in
            let texts = request.steps.map(\.text)
            let scores = (request.firstStep..<texts.count).map { score(Array(texts[...$0])) }
            return StepScores(scores: scores, usage: TokenUsage(promptTokensEvaluated: scores.count))
        }
    }

    public func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        recordedOutcomes.withLock { $0.append(requests) }
        guard let outcome else { return try await scoreOutcomesByLastStep(requests) }
        return requests.map {
            OutcomeScore(score: outcome($0.steps.map(\.text)), usage: TokenUsage(promptTokensEvaluated: 1))
        }
    }
}
