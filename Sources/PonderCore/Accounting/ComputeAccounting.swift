/// What a search spent, per model and in total.
public struct ComputeAccounting: Sendable, Hashable, Codable {
    /// The policy's share.
    public var policy: ModelCompute
    /// Wall-clock seconds of the whole search.
    public var wallSeconds: Double

    /// Creates an accounting record.
    public init(policy: ModelCompute, wallSeconds: Double) {
        self.policy = policy
        self.wallSeconds = wallSeconds
    }

    /// Estimated FLOPs of every model involved.
    public var totalFLOPs: Double { policy.flops }
}
