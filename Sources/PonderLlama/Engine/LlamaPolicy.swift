public import PonderCore

/// The embedded engine as a ``PolicyModel``.
public struct LlamaPolicy: PolicyModel {
    /// The engine that generates.
    public let engine: LlamaEngine

    /// Wraps a loaded engine.
    public init(engine: LlamaEngine) {
        self.engine = engine
    }

    public var descriptor: ModelDescriptor { engine.descriptor }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        try await engine.renderPrompt(messages)
    }

    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        try await engine.continueSolutions(requests, parameters: parameters, progress: progress)
    }

    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        try await engine.release(solutions, keeping: kept)
    }
}
