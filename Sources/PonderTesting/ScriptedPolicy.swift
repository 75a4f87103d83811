public import PonderCore
import Synchronization

/// A policy that replays scripted solutions: exact, instant and free, for testing strategies.
///
/// Request `i` of a call follows script `i % scripts.count`: a ``ContinuationRequest/Extent/nextStep``
/// request gets the script's next step after the steps the solution already has; a
/// ``ContinuationRequest/Extent/toEnd`` request gets all remaining steps. Tokens are the text's UTF-8
/// bytes; every token's log-probability is the script's. Calls are recorded for assertions.
public final class ScriptedPolicy: PolicyModel, Sendable {
    /// One scripted solution.
    public struct Script: Sendable, Hashable {
        /// The steps, each normally ending in the delimiter.
        public var steps: [String]
        /// The log-probability of every token of this solution.
        public var logProbability: Float

        /// Creates a script.
        public init(steps: [String], logProbability: Float = -0.5) {
            self.steps = steps
            self.logProbability = logProbability
        }
    }

    /// One recorded call.
    public struct Call: Sendable, Hashable {
        /// The requests.
        public var requests: [ContinuationRequest]
        /// The sampling parameters.
        public var parameters: SamplingParameters
    }

    private let scripts: [Script]
    public let descriptor: ModelDescriptor
    private let recorded = Mutex<[Call]>([])

    /// Creates a policy replaying `scripts`.
    public init(scripts: [Script], maxParallelSequences: Int = 256, parameterCount: UInt64 = 1_000_000) {
        precondition(!scripts.isEmpty, "a scripted policy needs at least one script")
        self.scripts = scripts
        self.descriptor = ModelDescriptor(
            name: "scripted", parameterCount: parameterCount, contextLength: 1 << 20,
            maxParallelSequences: maxParallelSequences)
    }

    /// Creates a policy whose scripts are single-step solutions ending in `\boxed{answer}`.
    public convenience init(answers: [String], logProbabilities: [Float]? = nil) {
        self.init(
            scripts: answers.enumerated().map { index, answer in
                Script(
                    steps: ["Let us think.\n\n", "The answer is $\\boxed{\(answer)}$."],
                    logProbability: logProbabilities?[index] ?? -0.5)
            })
    }

    /// The calls made so far.
    public var calls: [Call] { recorded.withLock { $0 } }

    /// UTF-8 bytes as tokens.
    public static func tokens(_ text: String) -> [TokenID] { text.utf8.map { TokenID($0) } }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        let text = messages.map { "<\($0.role.rawValue)>\($0.content)" }.joined(separator: "\n") + "\n<assistant>"
        return Prompt(text: text, tokens: Self.tokens(text))
    }

    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        recorded.withLock { $0.append(Call(requests: requests, parameters: parameters)) }
        var continuations: [Continuation] = []
        for (index, request) in requests.enumerated() {
            let script = scripts[index % scripts.count]
            let done = request.solution.steps.count
            let remaining = done < script.steps.count ? Array(script.steps[done...]) : []
            let texts = request.extent == .nextStep ? Array(remaining.prefix(1)) : remaining
            let steps = texts.map { text in
                let tokens = Self.tokens(text)
                return Step(
                    text: text, tokens: tokens,
                    tokenLogProbabilities: Array(repeating: script.logProbability, count: tokens.count))
            }
            let finished = done + steps.count >= script.steps.count
            let usage = TokenUsage(
                promptTokensEvaluated: request.solution.tokens.count,
                generatedTokens: steps.reduce(0) { $0 + $1.tokens.count })
            continuations.append(
                Continuation(steps: steps, finishReason: finished ? .endOfGeneration : .stepBoundary, usage: usage))
        }
        progress?(
            GenerationProgress(
                requests: requests.count, finished: requests.count,
                generatedTokens: continuations.reduce(0) { $0 + $1.generatedTokenCount }, elapsed: 0))
        return continuations
    }
}
