public import PonderCore
import Synchronization

/// A policy whose samples finish only when the test allows them, one at a time in a set order (sample order
/// unless told), for testing sampling strategies that stop early, deadlines and cancellation.
///
/// Sample `i` (the request whose seed is `sampling.seed(forSample: i)`) writes "Let us think.\n\n" and
/// then "The answer is $\boxed{answers[i]}$.", but returns only once ``allow(upTo:)`` has allowed its turn
/// (its position in the finish order) and the samples before it in that order have returned; until then it
/// waits however long that takes. Cancelled while waiting,
/// it returns its first step with ``FinishReason/cancelled``. Calls must hold one request each (as
/// streamed sampling makes them). Cancellations and releases are recorded for assertions.
public final class PacedPolicy: PolicyModel, Sendable {
    private struct State {
        var allowed: Int
        var returned: Set<Int> = []
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var cancelledEarly: Set<Int> = []
        var cancelled: [Int] = []
        var released: [PartialSolution] = []
        var started: [Int] = []
        var inFlight = 0
        var mostInFlight = 0
    }

    private let answers: [String]
    private let seeds: [UInt32: Int]
    /// Each sample's turn: its position in the finish order.
    private let turns: [Int]
    private let state: Mutex<State>
    public let descriptor: ModelDescriptor

    /// Creates a policy whose sample `i` answers `answers[i]` and whose samples finish in `finishOrder` (a
    /// permutation of the sample indices; sample order when `nil`); the first `allowed` of them may finish at
    /// once.
    public init(
        answers: [String], sampling: SamplingParameters, allowed: Int = 0, finishOrder: [Int]? = nil,
        parameterCount: UInt64 = 1_000_000
    ) {
        let order = finishOrder ?? Array(answers.indices)
        precondition(order.sorted() == Array(answers.indices), "the finish order is a permutation of the samples")
        var turns = Array(repeating: 0, count: answers.count)
        for (turn, sample) in order.enumerated() { turns[sample] = turn }
        self.turns = turns
        self.answers = answers
        self.seeds = Dictionary(uniqueKeysWithValues: answers.indices.map { (sampling.seed(forSample: $0), $0) })
        self.state = Mutex(State(allowed: allowed))
        self.descriptor = ModelDescriptor(
            name: "paced", parameterCount: parameterCount, contextLength: 1 << 20, maxParallelSequences: 256)
    }

    /// Samples that were cancelled before they finished, in the order they were cancelled.
    public var cancelledSamples: [Int] { state.withLock { $0.cancelled } }
    /// Solutions released through ``release(_:keeping:)``, in order.
    public var releasedSolutions: [PartialSolution] { state.withLock { $0.released } }
    /// Samples whose call has started, in the order they started.
    public var startedSamples: [Int] { state.withLock { $0.started } }
    /// The most calls in flight at once (started and not yet returned).
    public var mostInFlight: Int { state.withLock { $0.mostInFlight } }

    /// Lets the first `count` samples of the finish order finish (in that order).
    public func allow(upTo count: Int) {
        let ready = state.withLock { state in
            state.allowed = max(state.allowed, count)
            return takeReady(&state)
        }
        for waiter in ready { waiter.resume(returning: true) }
    }

    /// The first step every sample writes.
    public static let firstStep = "Let us think.\n\n"

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        let text = messages.map(\.content).joined(separator: "\n")
        return Prompt(text: text, tokens: ScriptedPolicy.tokens(text))
    }

    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        precondition(requests.count == 1, "a paced policy serves one request per call")
        let request = requests[0]
        guard let sample = seeds[request.seed] else {
            preconditionFailure("seed \(request.seed) is none of the paced samples'")
        }
        state.withLock { state in
            state.started.append(sample)
            state.inFlight += 1
            state.mostInFlight = max(state.mostInFlight, state.inFlight)
        }
        let finishes = await turn(sample)
        let texts = finishes ? [Self.firstStep, "The answer is $\\boxed{\(answers[sample])}$."] : [Self.firstStep]
        let steps = texts.map { text in
            let tokens = ScriptedPolicy.tokens(text)
            return Step(
                text: text, tokens: tokens, tokenLogProbabilities: Array(repeating: -0.5, count: tokens.count))
        }
        let usage = TokenUsage(
            promptTokensEvaluated: request.solution.tokens.count,
            generatedTokens: steps.reduce(0) { $0 + $1.tokens.count })
        let ready = state.withLock { state in
            if finishes { state.returned.insert(sample) } else { state.cancelled.append(sample) }
            state.inFlight -= 1
            return takeReady(&state)
        }
        for waiter in ready { waiter.resume(returning: true) }
        progress?(GenerationProgress(requests: 1, finished: 1, generatedTokens: usage.generatedTokens, elapsed: 0))
        return [Continuation(steps: steps, finishReason: finishes ? .endOfGeneration : .cancelled, usage: usage)]
    }

    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        state.withLock { $0.released.append(contentsOf: solutions) }
    }

    /// Waits until `sample` may finish (true) or its task is cancelled (false).
    private func turn(_ sample: Int) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if state.cancelledEarly.remove(sample) != nil { return false }
                    if self.mayFinish(sample, state) { return true }
                    state.waiters[sample] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                if let waiter = state.waiters.removeValue(forKey: sample) { return Optional(waiter) }
                state.cancelledEarly.insert(sample)
                return nil
            }
            waiter?.resume(returning: false)
        }
    }

    private func mayFinish(_ sample: Int, _ state: State) -> Bool {
        turns[sample] < state.allowed
            && turns.indices.allSatisfy { turns[$0] >= turns[sample] || state.returned.contains($0) }
    }

    private func takeReady(_ state: inout State) -> [CheckedContinuation<Bool, Never>] {
        let ready = state.waiters.keys.filter { mayFinish($0, state) }
        return ready.compactMap { state.waiters.removeValue(forKey: $0) }
    }
}
