public import PonderCore
import Synchronization

/// Wraps a policy and fails chosen requests the way a remote backend does after its retries: the
/// continuation ends with ``FinishReason/failed`` and nothing generated. For testing how searches degrade.
public final class FailingPolicy: PolicyModel, Sendable {
    /// Decides whether request `request` (its index in the call) of call number `call` (from 0) fails.
    public typealias Rule = @Sendable (_ call: Int, _ request: Int) -> Bool

    private let base: any PolicyModel
    private let rule: Rule
    private let calls = Mutex(0)

    /// Creates the wrapper.
    public init(_ base: any PolicyModel, failing rule: @escaping Rule) {
        self.base = base
        self.rule = rule
    }

    public var descriptor: ModelDescriptor { base.descriptor }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    public func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        let call = calls.withLock { count in
            defer { count += 1 }
            return count
        }
        var continuations = try await base.continueSolutions(requests, parameters: parameters, progress: progress)
        for index in continuations.indices where rule(call, index) {
            continuations[index] = Continuation(steps: [], finishReason: .failed, usage: .zero)
        }
        return continuations
    }

    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        try await base.release(solutions, keeping: kept)
    }
}
