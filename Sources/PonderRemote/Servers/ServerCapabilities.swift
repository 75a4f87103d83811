import PonderCore

/// What a server can do, found at start-up by ``ServerProbe`` rather than assumed.
public struct ServerCapabilities: Sendable, Hashable, CustomStringConvertible {
    /// How Ponder talks to the server.
    public enum Dialect: String, Sendable, Hashable, Codable {
        /// llama-server's native `/completion`: token ids in (`prompt: [ids]`), token ids and bytes out
        /// (`return_tokens`, `completion_probabilities`), streamed; `/apply-template` and `/tokenize` render prompts.
        case llamaServer = "llama-server"
        /// An OpenAI-compatible `/v1/completions` that takes token-id prompts and returns `token_ids`
        /// (vLLM ≥ 0.10.2 with `return_token_ids`); `/tokenize` with messages renders prompts.
        case openAITokens = "openai-token-ids"
        /// The fallback for OpenAI-compatible servers that return no token ids: prompts go as text (the server
        /// tokenizes them again each call) and each step's ids come from re-tokenizing its text, so they may
        /// differ from the ids the model generated. Prompt tokens count as evaluated unless the server reports
        /// them cached.
        case openAIText = "openai-text"
    }

    /// How Ponder talks to the server.
    public var dialect: Dialect
    /// The model name sent with requests.
    public var model: String
    /// Tokens one sequence may hold, if the server says (vLLM `max_model_len`, llama-server `n_ctx`).
    public var contextLength: Int?
    /// Parallel slots (llama-server `total_slots`), if the server has such a limit.
    public var slots: Int?
    /// The model's parameter count, if the server says (llama-server `/v1/models` metadata).
    public var parameterCount: UInt64?
    /// Whether one request may ask for several completions of its prompt (`n`), sharing the prompt's evaluation.
    public var supportsN: Bool
    /// llama-server: the text of the beginning-of-sequence token, to avoid adding it twice.
    public var bosText: String?

    /// Creates a capability record.
    public init(
        dialect: Dialect, model: String, contextLength: Int? = nil, slots: Int? = nil, parameterCount: UInt64? = nil,
        supportsN: Bool, bosText: String? = nil
    ) {
        self.dialect = dialect
        self.model = model
        self.contextLength = contextLength
        self.slots = slots
        self.parameterCount = parameterCount
        self.supportsN = supportsN
        self.bosText = bosText
    }

    public var description: String {
        var parts = ["\(dialect.rawValue)", "model '\(model)'"]
        if let contextLength { parts.append("context \(contextLength)") }
        if let slots { parts.append("\(slots) slots") }
        parts.append(supportsN ? "n supported" : "no n")
        return parts.joined(separator: ", ")
    }
}

extension ServerCapabilities {
    /// The served model as a ``ModelDescriptor``: what the servers report, with no context limit and no
    /// parameter count where they report none.
    var modelDescriptor: ModelDescriptor {
        ModelDescriptor(
            name: model, parameterCount: parameterCount ?? 0, contextLength: contextLength ?? Int(Int32.max),
            maxParallelSequences: RemotePolicy.maxParallelSequences)
    }
}
