public import PonderCore

/// Limits on what one request may ask for.
public struct ServerLimits: Sendable, Hashable {
    /// The largest request body, in bytes.
    public var maxBodyBytes: Int
    /// The largest `n`.
    public var maxN: Int
    /// The largest budget N.
    public var maxBudget: Int
    /// The largest `max_tokens`.
    public var maxTokens: Int
    /// Searches run at once; more wait.
    public var maxRunning: Int
    /// Searches that may wait; more get 429.
    public var maxWaiting: Int

    /// Creates limits.
    public init(
        maxBodyBytes: Int = 1 << 20, maxN: Int = 8, maxBudget: Int = 64, maxTokens: Int = 8192, maxRunning: Int = 4,
        maxWaiting: Int = 64
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxN = maxN
        self.maxBudget = maxBudget
        self.maxTokens = maxTokens
        self.maxRunning = maxRunning
        self.maxWaiting = maxWaiting
    }
}

/// Everything `ponder serve` runs with besides the backends.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Clients must send `Authorization: Bearer KEY` when set.
    public var apiKey: String?
    /// The model id clients name (aliases add `@STRATEGY-N`).
    public var modelName: String
    /// The settings of a request that sets nothing.
    public var defaults: ScalingSettings
    /// The sampling of a request that sets nothing (temperature, top-p, seed, max tokens).
    public var sampling: SamplingParameters
    /// Whether a request without a seed draws a fresh one, so repeated requests give new samples as OpenAI's API
    /// does; `false`: it takes ``sampling``'s seed (reproducible serving, `ponder serve --seed S`).
    public var drawsSeeds = true
    /// The system prompt when the request has no system message.
    public var systemPrompt: String?
    /// The verifier kind the backends were made with (`self-certainty` when none).
    public var verifierKind: String
    public var limits: ServerLimits
    /// The longest any search runs; it then stops with its best answer so far.
    public var requestDeadline: Duration?
    /// How long a stream may be silent before a keep-alive comment goes out.
    public var keepAliveInterval: Duration
    /// The profile `auto` requests plan with; `nil`: `auto` is refused with a 400.
    public var planner: PlannerSettings?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, apiKey: String? = nil, modelName: String,
        defaults: ScalingSettings = ScalingSettings(),
        sampling: SamplingParameters = SamplingParameters(maxTokens: 2048),
        systemPrompt: String? = PromptStyle.qwenSystemPrompt, verifierKind: String = "self-certainty",
        limits: ServerLimits = ServerLimits(), requestDeadline: Duration? = nil,
        keepAliveInterval: Duration = .seconds(10), planner: PlannerSettings? = nil
    ) {
        self.planner = planner
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.modelName = modelName
        self.defaults = defaults
        self.sampling = sampling
        self.systemPrompt = systemPrompt
        self.verifierKind = verifierKind
        self.limits = limits
        self.requestDeadline = requestDeadline
        self.keepAliveInterval = keepAliveInterval
    }
}
