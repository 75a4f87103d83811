/// One solution a strategy produced, with its answer, score and cost.
public struct Candidate: Sendable, Hashable, Codable {
    /// Position among the result's candidates.
    public var index: Int
    /// The full solution text.
    public var text: String
    /// The solution's steps (their texts concatenate to ``text``).
    public var steps: [String]
    /// The extracted final answer, if any.
    public var answer: ExtractedAnswer?
    /// The verifier's score of each step, if the strategy scores.
    public var stepScores: [Double]?
    /// The verifier's score of the whole solution, when the strategy scored outcomes (``VerifierMode/outcome``).
    public var outcomeScore: Double?
    /// The path score the selection rule used: its aggregation of ``stepScores``, or in outcome mode
    /// ``outcomeScore``.
    public var score: Double?
    /// Tokens generated for this candidate.
    public var generatedTokens: Int
    /// Why generation ended.
    public var finishReason: FinishReason
    /// Tokens this candidate cost the policy.
    public var usage: TokenUsage
    /// The tree it grew in (tree search: 0 for beam search, 0..<N/M for DVTS); `nil` for sampled solutions.
    public var subtree: Int?
    /// The node of its last step in the search's trace (tree search); `nil` for sampled solutions.
    public var traceNode: Int?
    /// The policy's log-probability of each generated token, one array per step, as the policy reported them
    /// (what ``SelfCertainty`` reads); `nil` when the policy reported none. The evaluation store keeps them so
    /// self-certainty can score stored samples again; the JSON encoding leaves them out (a few kilobytes per
    /// candidate that no reader of a result needs).
    public var stepLogProbabilities: [[Float]]?

    /// Creates a candidate.
    public init(
        index: Int, text: String, steps: [String], answer: ExtractedAnswer?, stepScores: [Double]?, score: Double?,
        generatedTokens: Int, finishReason: FinishReason, usage: TokenUsage, subtree: Int? = nil,
        traceNode: Int? = nil, outcomeScore: Double? = nil, stepLogProbabilities: [[Float]]? = nil
    ) {
        self.index = index
        self.text = text
        self.steps = steps
        self.answer = answer
        self.stepScores = stepScores
        self.score = score
        self.generatedTokens = generatedTokens
        self.finishReason = finishReason
        self.usage = usage
        self.subtree = subtree
        self.traceNode = traceNode
        self.outcomeScore = outcomeScore
        self.stepLogProbabilities = stepLogProbabilities
    }

    /// Every property but ``stepLogProbabilities``.
    enum CodingKeys: String, CodingKey {
        case index, text, steps, answer, stepScores, outcomeScore, score, generatedTokens, finishReason, usage
        case subtree, traceNode
    }
}
