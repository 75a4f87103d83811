/// Why the policy stopped generating for one continuation.
public enum FinishReason: String, Sendable, Hashable, Codable {
    /// The newest step ended at the step delimiter; the solution can continue.
    case stepBoundary = "step"
    /// The model emitted an end-of-generation token; the solution is complete.
    case endOfGeneration = "stop"
    /// The step reached the per-step token limit before its delimiter.
    case stepLimit = "step-limit"
    /// The solution reached its total token limit or the context length.
    case length
    /// The caller's task was cancelled.
    case cancelled
    /// The backend could not produce the continuation (a remote server failed after its retries); the
    /// branch ends with nothing generated, and the search goes on without it.
    case failed

    /// Whether the solution ended for good (nothing more will be generated for it).
    public var isTerminal: Bool { self != .stepBoundary }
}
