public import PonderCore
import Synchronization

/// A policy that serves its first calls from `base` and holds every later one until its task is cancelled,
/// however long that takes: "a policy slower than any deadline", for deadline and budget tests. A held call
/// returns ``FinishReason/cancelled`` continuations with nothing generated, or when `throwing`, throws
/// `CancellationError` as some backends do.
public final class HeldPolicy: PolicyModel, Sendable {
    private let base: any PolicyModel
    private let served: Int
    private let throwing: Bool
    private let state = Mutex((calls: 0, held: 0))

    /// Serves `served` calls from `base`, then holds; a held call cancelled returns cancelled continuations,
    /// or throws `CancellationError` when `throwing`.
    public init(_ base: any PolicyModel, serving served: Int, throwing: Bool = false) {
        self.base = base
        self.served = served
        self.throwing = throwing
    }

    public var descriptor: ModelDescriptor { base.descriptor }

    /// Calls held now.
    public var heldCalls: Int { state.withLock { $0.held } }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        try await base.renderPrompt(messages)
    }

    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        let call = state.withLock { state in
            defer { state.calls += 1 }
            return state.calls
        }
        if call < served {
            return try await base.continueSolutions(requests, parameters: parameters, progress: progress)
        }
        state.withLock { $0.held += 1 }
        defer { state.withLock { $0.held -= 1 } }
        // Far beyond any deadline under test: only cancellation ends it.
        if throwing {
            try await Task.sleep(for: .seconds(86_400))
        } else {
            try? await Task.sleep(for: .seconds(86_400))
        }
        return requests.map { _ in Continuation(steps: [], finishReason: .cancelled, usage: .zero) }
    }

    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        try await base.release(solutions, keeping: kept)
    }
}
