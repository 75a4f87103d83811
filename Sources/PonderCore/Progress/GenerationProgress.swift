/// A snapshot of a policy call in flight, for progress displays.
public struct GenerationProgress: Sendable, Hashable {
    /// Requests in the call.
    public var requests: Int
    /// Requests that have finished.
    public var finished: Int
    /// Tokens generated so far in the call.
    public var generatedTokens: Int
    /// Seconds since the call started.
    public var elapsed: Double

    /// Creates a snapshot.
    public init(requests: Int, finished: Int, generatedTokens: Int, elapsed: Double) {
        self.requests = requests
        self.finished = finished
        self.generatedTokens = generatedTokens
        self.elapsed = elapsed
    }
}

/// Receives progress snapshots; called on the policy's own thread, so it must return quickly.
public typealias ProgressHandler = @Sendable (GenerationProgress) -> Void
