/// What a search spent, per model and in total.
public struct ComputeAccounting: Sendable, Hashable, Codable {
    /// The policy's share.
    public var policy: ModelCompute
    /// The verifier's share, when a verifier with a model of its own ran.
    public var verifier: ModelCompute?
    /// Wall-clock seconds of the whole search.
    public var wallSeconds: Double

    /// Creates an accounting record.
    public init(policy: ModelCompute, verifier: ModelCompute? = nil, wallSeconds: Double) {
        self.policy = policy
        self.verifier = verifier
        self.wallSeconds = wallSeconds
    }

    /// Requests that failed after their retries, over every model: a result with any is degraded (some
    /// branches ended early) but still complete.
    public var failedRequests: Int { policy.failedRequests + (verifier?.failedRequests ?? 0) }

    /// Estimated FLOPs of every model involved.
    public var totalFLOPs: Double { policy.flops + (verifier?.flops ?? 0) }
}
