import PonderCore

/// How Ponder talks to the servers of one role (the policy or the verifier).
///
/// Every value has a default; ``validated()`` checks them once, before anything is sent.
public struct RemoteConfiguration: Sendable, Hashable {
    /// The replicas, each serving the same model; a problem's requests stay on one of them.
    public var endpoints: [Endpoint]
    /// The model name the servers know (the `model` field of requests); `nil` takes the first model the
    /// first reachable server lists.
    public var model: String?
    /// The bearer token sent to every server, if they need one.
    public var apiKey: APIKey?
    /// The most time one call may take, retries and waiting for a free slot included.
    public var timeout: Duration
    /// The most time connecting may take: probing every server (its models, properties, tokenizer and a
    /// one-token completion), capped by ``timeout``. Shorter than a call's timeout by default, so a server that
    /// never answers is reported within minutes at start-up.
    public var connectTimeout: Duration
    /// The most requests in flight per replica; `nil` uses the server's slot count where it reports one
    /// (llama-server's `total_slots`), else ``defaultInFlight``.
    public var maxInFlight: Int?
    /// How failed requests are retried.
    public var retry: RetryPolicy
    /// How long a replica that failed is avoided before it is tried again.
    public var cooldown: Duration
    /// The model's parameter count for FLOPs estimates; `nil` uses what the server reports (llama-server's
    /// `/v1/models` metadata), else 0.
    public var parameterCount: UInt64?
    /// Log-probabilities asked for per position where a verifier reads label tokens (servers cap it, vLLM at 20).
    public var topLogProbabilities: Int

    /// In-flight requests per replica when the server does not report its slots.
    public static let defaultInFlight = 16

    /// Creates a configuration; every argument but the endpoints has a default.
    public init(
        endpoints: [Endpoint],
        model: String? = nil,
        apiKey: APIKey? = nil,
        timeout: Duration = .seconds(600),
        connectTimeout: Duration = .seconds(120),
        maxInFlight: Int? = nil,
        retry: RetryPolicy = RetryPolicy(),
        cooldown: Duration = .seconds(5),
        parameterCount: UInt64? = nil,
        topLogProbabilities: Int = 20
    ) {
        self.endpoints = endpoints
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxInFlight = maxInFlight
        self.retry = retry
        self.cooldown = cooldown
        self.parameterCount = parameterCount
        self.topLogProbabilities = topLogProbabilities
    }

    /// Checks the values once, before any request.
    ///
    /// - Throws: ``RemoteError`` naming the offending value.
    public func validated() throws -> RemoteConfiguration {
        guard !endpoints.isEmpty else {
            throw RemoteError.invalidConfiguration("server URLs", "", expected: "at least one URL")
        }
        guard Set(endpoints).count == endpoints.count else {
            throw RemoteError.invalidConfiguration(
                "server URLs", endpoints.map(\.baseURL).joined(separator: ", "), expected: "distinct URLs")
        }
        guard timeout > .zero else {
            throw RemoteError.invalidConfiguration("timeout", "\(timeout)", expected: "a positive duration")
        }
        guard connectTimeout > .zero else {
            throw RemoteError.invalidConfiguration(
                "connect timeout", "\(connectTimeout)", expected: "a positive duration")
        }
        if let maxInFlight, maxInFlight < 1 {
            throw RemoteError.invalidConfiguration("max in-flight requests", "\(maxInFlight)", expected: "at least 1")
        }
        guard cooldown >= .zero else {
            throw RemoteError.invalidConfiguration("cooldown", "\(cooldown)", expected: "0 or more")
        }
        guard topLogProbabilities >= 2 else {
            throw RemoteError.invalidConfiguration(
                "top log-probabilities", "\(topLogProbabilities)", expected: "at least 2")
        }
        if let model, model.isEmpty {
            throw RemoteError.invalidConfiguration("model name", model, expected: "a non-empty name")
        }
        _ = try retry.validated()
        return self
    }
}
