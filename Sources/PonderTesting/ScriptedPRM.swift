public import PonderCore
import Synchronization

/// A verifier whose score for a step is a function of the path up to it: table-driven tests of search.
public final class ScriptedPRM: ProcessRewardModel, Sendable {
    /// The score of the last step of `path` (step texts).
    public typealias Score = @Sendable (_ path: [String]) -> Double

    private let score: Score
    private let recorded = Mutex<[[StepScoringRequest]]>([])

    /// Creates a verifier scoring with `score`.
    public init(score: @escaping Score) {
        self.score = score
    }

    /// Creates a verifier looking scores up by the step's text (default for unknown steps).
    public convenience init(table: [String: Double], default fallback: Double = 0.5) {
        self.init { path in path.last.flatMap { table[$0] } ?? fallback }
    }

    /// The requests of each call so far.
    public var calls: [[StepScoringRequest]] { recorded.withLock { $0 } }

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
}
