import PonderCore

/// One server call made for a continuation: continue `tokens` by at most `maxTokens`, `count` times.
struct GenerationCall: Sendable, Hashable {
    /// Everything so far: prompt, earlier steps, and what earlier calls of this continuation generated.
    var tokens: [TokenID]
    /// The same as text, for servers that take text prompts only.
    var text: String
    /// The most tokens to generate.
    var maxTokens: Int
    /// Whether the server should stop at the step delimiter.
    var stopAtDelimiter: Bool
    /// Completions of the prompt (`n`).
    var count: Int
    /// The seed of the first completion (servers give completion i the seed `seed + i`).
    var seed: UInt32
}

/// What a server generated for one completion of a call.
struct GeneratedOutput: Sendable, Hashable {
    /// How the server stopped.
    enum End: Sendable, Hashable {
        /// An end-of-generation token (not included in ``GeneratedOutput/tokens``).
        case endOfGeneration
        /// The delimiter stop string.
        case stopString
        /// The token limit of the call, or the server's context.
        case length
    }

    /// The generated token ids (placeholders of -1 in text mode).
    var tokens: [TokenID]
    /// Each token's bytes.
    var pieces: [[UInt8]]
    /// Each token's natural-log probability.
    var logProbabilities: [Float]
    /// How the server stopped.
    var end: End
    /// What the call cost, from the server's own report.
    var usage: TokenUsage
    /// Whether `pieces` are the tokens' exact bytes; when not, step texts are decoded by the server.
    var piecesExact: Bool
}

/// The next-token distribution at the end of a sequence: the most likely tokens' log-probabilities.
struct NextTokenDistribution: Sendable, Hashable {
    var logProbabilities: [TokenID: Float]
    var usage: TokenUsage
}

/// Per-position log-probabilities of a prompt, and the next-token distribution after it.
struct PromptDistributions: Sendable, Hashable {
    /// Entry t: the most likely tokens at position t given the tokens before it (empty for t = 0).
    var positions: [[TokenID: Float]]
    /// The distribution after the last token.
    var next: [TokenID: Float]
    var usage: TokenUsage
}

/// The wire dialect of a server: how prompts are rendered and continuations generated.
protocol GenerationBackend: Sendable {
    /// What the server can do.
    var capabilities: ServerCapabilities { get }

    /// Renders messages with the server's chat template, generation prompt added, and tokenizes them.
    func render(_ messages: [ChatMessage], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> Prompt

    /// The token ids of ``render(_:on:deadline:)`` alone, where the server can skip the text.
    func renderTokens(_ messages: [ChatMessage], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> [TokenID]

    /// Generates `call.count` completions.
    func generate(
        _ call: GenerationCall, parameters: SamplingParameters, on endpoint: Endpoint,
        deadline: ContinuousClock.Instant,
        progress: ProgressTracker?
    ) async throws -> [GeneratedOutput]

    /// Tokenizes text without adding special tokens.
    func tokenize(_ text: String, on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws -> [TokenID]

    /// Decodes tokens to text.
    func detokenize(_ tokens: [TokenID], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> String

    /// The `topK` most likely next tokens after `tokens`, with log-probabilities.
    func nextTokens(after tokens: [TokenID], topK: Int, on endpoint: Endpoint, deadline: ContinuousClock.Instant)
        async throws -> NextTokenDistribution
}
