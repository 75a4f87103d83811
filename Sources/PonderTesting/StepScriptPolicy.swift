public import PonderCore
import Synchronization

/// A policy whose next step is a function of the path so far and the sample's place among its siblings:
/// hand-worked search trees for testing beam search and DVTS.
///
/// In one call, requests continuing the same path are siblings, numbered 0, 1, 2, … in request order.
/// Tokens are the text's UTF-8 bytes, each with log-probability -0.1. A ``ContinuationRequest/Extent/toEnd``
/// request applies the script until it ends the solution (at most 100 steps).
public final class StepScriptPolicy: PolicyModel, Sendable {
    /// What the script says a sample does.
    public struct Move: Sendable, Hashable {
        /// The step's text (empty: no step).
        public var text: String
        /// How the sample ends.
        public var finish: FinishReason

        /// Creates a move.
        public init(_ text: String, _ finish: FinishReason = .stepBoundary) {
            self.text = text
            self.finish = finish
        }
    }

    /// The script: (step texts so far, sibling index) → the next move.
    public typealias Script = @Sendable (_ path: [String], _ sibling: Int) -> Move

    private let script: Script
    public let descriptor: ModelDescriptor
    private let recorded = Mutex<[[ContinuationRequest]]>([])
    private let released = Mutex<[PartialSolution]>([])

    /// Creates a policy following `script`.
    public init(maxParallelSequences: Int = 256, script: @escaping Script) {
        self.script = script
        self.descriptor = ModelDescriptor(
            name: "step-script", parameterCount: 1_000_000, contextLength: 1 << 20,
            maxParallelSequences: maxParallelSequences)
    }

    /// The requests of each call so far.
    public var calls: [[ContinuationRequest]] { recorded.withLock { $0 } }
    /// Solutions released so far.
    public var releasedSolutions: [PartialSolution] { released.withLock { $0 } }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        let text = messages.map(\.content).joined(separator: "\n")
        return Prompt(text: text, tokens: ScriptedPolicy.tokens(text))
    }

    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        recorded.withLock { $0.append(requests) }
        var siblings: [PartialSolution: Int] = [:]
        return requests.map { request in
            let sibling = siblings[request.solution, default: 0]
            siblings[request.solution] = sibling + 1
            var path = request.solution.steps.map(\.text)
            var steps: [Step] = []
            var finish = FinishReason.stepBoundary
            repeat {
                let move = script(path, sibling)
                if !move.text.isEmpty {
                    let tokens = ScriptedPolicy.tokens(move.text)
                    steps.append(
                        Step(
                            text: move.text, tokens: tokens,
                            tokenLogProbabilities: Array(repeating: -0.1, count: tokens.count)))
                    path.append(move.text)
                }
                finish = move.finish
            } while request.extent == .toEnd && finish == .stepBoundary && path.count < 100
            let generated = steps.reduce(0) { $0 + $1.tokens.count }
            return Continuation(
                steps: steps, finishReason: finish,
                usage: TokenUsage(
                    promptTokensEvaluated: 1, promptTokensReused: request.solution.tokens.count - 1,
                    generatedTokens: generated))
        }
    }

    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        released.withLock { $0.append(contentsOf: solutions) }
    }
}
