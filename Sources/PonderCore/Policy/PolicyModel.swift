/// A language model that writes solutions step by step.
///
/// The embedded llama.cpp engine and HTTP backends (vLLM, llama-server, SGLang) implement this. Requests
/// carry the exact token ids of everything so far, so a backend continues a solution without
/// re-tokenizing text, and may reuse whatever it has cached for a shared prefix (the KV cache of the
/// embedded engine, a server's prefix cache); ``TokenUsage`` reports what was evaluated and reused.
public protocol PolicyModel: Sendable {
    /// What the model is, for accounting and messages.
    var descriptor: ModelDescriptor { get }

    /// Renders chat messages with the model's chat template (generation prompt added) and tokenizes them.
    ///
    /// - Throws: when the model has no chat template, or the prompt does not fit the context.
    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt

    /// Continues every request, all at once where the backend can batch them.
    ///
    /// - Parameters:
    ///   - requests: the partial solutions to continue; the result has one ``Continuation`` per request, in order.
    ///   - parameters: sampling and stopping knobs shared by the requests (each request has its own seed).
    ///   - progress: called now and then while generating.
    /// - Important: Cancelling the calling task stops decoding within one step; the continuations then
    ///   end with ``FinishReason/cancelled`` and hold what was generated so far.
    func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation]

    /// Tells the backend `solutions` will not be continued, so it can free what it caches for them
    /// (pruned beams), except what the `kept` solutions still need. Backends without such a cache ignore it.
    func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws
}

extension PolicyModel {
    /// Does nothing: the backend keeps no per-solution cache.
    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async {}
}

/// Identity and size of a model.
public struct ModelDescriptor: Sendable, Hashable, Codable {
    /// A short name (file name or server model id).
    public var name: String
    /// Number of parameters, for FLOPs estimates (2 × parameters per token).
    public var parameterCount: UInt64
    /// Tokens one sequence may hold (prompt plus generated).
    public var contextLength: Int
    /// The most continuations one call may ask for.
    public var maxParallelSequences: Int

    /// Creates a descriptor.
    public init(name: String, parameterCount: UInt64, contextLength: Int, maxParallelSequences: Int) {
        self.name = name
        self.parameterCount = parameterCount
        self.contextLength = contextLength
        self.maxParallelSequences = maxParallelSequences
    }
}
