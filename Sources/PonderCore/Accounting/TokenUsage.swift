/// Tokens a model call cost.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Prompt (or prefix) tokens the model had to evaluate.
    public var promptTokensEvaluated: Int
    /// Prompt (or prefix) tokens served from a cache (the KV cache of the embedded engine, a server's prefix cache).
    public var promptTokensReused: Int
    /// Tokens generated.
    public var generatedTokens: Int

    /// Creates a usage record.
    public init(promptTokensEvaluated: Int = 0, promptTokensReused: Int = 0, generatedTokens: Int = 0) {
        self.promptTokensEvaluated = promptTokensEvaluated
        self.promptTokensReused = promptTokensReused
        self.generatedTokens = generatedTokens
    }

    /// The empty record.
    public static let zero = TokenUsage()

    /// Tokens that went through the model (evaluated plus generated); reused tokens cost nothing.
    public var processedTokens: Int { promptTokensEvaluated + generatedTokens }

    /// The element-wise sum.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokensEvaluated: lhs.promptTokensEvaluated + rhs.promptTokensEvaluated,
            promptTokensReused: lhs.promptTokensReused + rhs.promptTokensReused,
            generatedTokens: lhs.generatedTokens + rhs.generatedTokens
        )
    }

    /// Adds `rhs` to `lhs`.
    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) { lhs = lhs + rhs }
}
