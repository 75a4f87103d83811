/// The compute one model spent on a result: tokens, estimated FLOPs and time.
public struct ModelCompute: Sendable, Hashable, Codable {
    /// The model's name.
    public var model: String
    /// The model's parameter count.
    public var parameterCount: UInt64
    /// Tokens evaluated, reused and generated.
    public var usage: TokenUsage
    /// Seconds spent waiting on this model.
    public var seconds: Double
    /// Requests the backend failed to serve after its retries (remote servers): each ended one branch of the
    /// search (``FinishReason/failed``, ``StepScores/failed``) instead of aborting it. 0 for the embedded engine.
    public var failedRequests: Int

    /// Creates a record.
    public init(model: String, parameterCount: UInt64, usage: TokenUsage, seconds: Double, failedRequests: Int = 0) {
        self.model = model
        self.parameterCount = parameterCount
        self.usage = usage
        self.seconds = seconds
        self.failedRequests = failedRequests
    }

    /// Creates an empty record for `descriptor`.
    public init(descriptor: ModelDescriptor) {
        self.init(model: descriptor.name, parameterCount: descriptor.parameterCount, usage: .zero, seconds: 0)
    }

    /// Estimated floating-point operations: 2 × parameters × tokens processed (evaluated plus generated).
    ///
    /// The usual forward-pass estimate (Kaplan et al.; the paper's Table 4); reused KV-cache tokens cost nothing.
    public var flops: Double { 2 * Double(parameterCount) * Double(usage.processedTokens) }

    /// Adds what `other` spent on the same model (its tokens, seconds and failed requests) to this.
    public mutating func add(_ other: ModelCompute) {
        usage += other.usage
        seconds += other.seconds
        failedRequests += other.failedRequests
    }

    private enum CodingKeys: String, CodingKey { case model, parameterCount, usage, seconds, failedRequests, flops }

    /// Decodes a record (the derived `flops` is ignored on input; a missing `failedRequests` reads as 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        parameterCount = try container.decode(UInt64.self, forKey: .parameterCount)
        usage = try container.decode(TokenUsage.self, forKey: .usage)
        seconds = try container.decode(Double.self, forKey: .seconds)
        failedRequests = try container.decodeIfPresent(Int.self, forKey: .failedRequests) ?? 0
    }

    /// Encodes the record with its derived `flops`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(parameterCount, forKey: .parameterCount)
        try container.encode(usage, forKey: .usage)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(failedRequests, forKey: .failedRequests)
        try container.encode(flops, forKey: .flops)
    }
}
