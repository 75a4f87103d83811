/// One reasoning step of a solution: the tokens the policy generated and their text.
///
/// Steps end where the text first contains the step delimiter (`"\n\n"` by default); the token that
/// completes the delimiter is the step's last token, so steps concatenate back to the whole text.
public struct Step: Sendable, Hashable, Codable {
    /// The step's text, decoded from ``tokens``.
    public var text: String
    /// The exact token ids the policy generated; continuations append to these, never re-tokenize.
    public var tokens: [TokenID]
    /// Natural-log probability of each token under the policy's unmodified distribution.
    public var tokenLogProbabilities: [Float]

    /// Creates a step.
    public init(text: String, tokens: [TokenID], tokenLogProbabilities: [Float] = []) {
        self.text = text
        self.tokens = tokens
        self.tokenLogProbabilities = tokenLogProbabilities
    }

    /// Mean token log-probability, or `nil` for a step without recorded probabilities.
    public var meanLogProbability: Double? {
        guard !tokenLogProbabilities.isEmpty else { return nil }
        return tokenLogProbabilities.reduce(0.0) { $0 + Double($1) } / Double(tokenLogProbabilities.count)
    }
}
