public import PonderCore

/// Wraps a policy and reports each call's progress the way a batching engine does: one snapshot as the
/// call starts (nothing finished), then one as each of its samples ends, in request order, with the tokens
/// of the samples ended so far. Elapsed time is 0; for testing progress displays as data.
public final class ProgressReportingPolicy: PolicyModel, Sendable {
    private let base: any PolicyModel

    /// Creates the wrapper.
    public init(_ base: any PolicyModel) {
        self.base = base
    }

    public var descriptor: ModelDescriptor { base.descriptor }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    public func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        let continuations = try await base.continueSolutions(requests, parameters: parameters, progress: nil)
        var tokens = 0
        progress?(GenerationProgress(requests: requests.count, finished: 0, generatedTokens: 0, elapsed: 0))
        for (index, continuation) in continuations.enumerated() {
            tokens += continuation.usage.generatedTokens
            progress?(
                GenerationProgress(
                    requests: requests.count, finished: index + 1, generatedTokens: tokens, elapsed: 0))
        }
        return continuations
    }

    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        try await base.release(solutions, keeping: kept)
    }
}
