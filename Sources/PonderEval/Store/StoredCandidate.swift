/// One candidate as the report's verifier diagnostics see it: its answer, correctness, verifier scores and
/// size, without its text.
public struct StoredCandidate: Sendable, Hashable {
    /// The name of the `candidate` column an outcome score is read from, when the schema has one.
    ///
    /// Schema version 2 adds this nullable `REAL` column to `candidate` (`outcomeScore`, `outcome_score` since
    /// version 3), filled by runs that score outcomes; ``EvalStore/snapshot(dataset:)`` reads it into
    /// ``outcomeScore`` (`NULL` from a version-1 file read as it is) and the diagnostics report it as the `outcome`
    /// score beside the step scores.
    public static let outcomeScoreColumn = CandidateRow.Columns.outcomeScore.rawValue

    /// Position among the run's candidates (0-based).
    public var position: Int
    /// The DVTS subtree it came from; 0 for beam search; `nil` for independent samples.
    public var subtree: Int?
    /// The extracted final answer.
    public var answer: String?
    /// Whether the answer is equivalent to the gold answer.
    public var correct: Bool
    /// The verifier's step scores, when the strategy scored.
    public var stepScores: [Double]?
    /// The verifier's score of the whole solution, when one was stored (see ``outcomeScoreColumn``).
    public var outcomeScore: Double?
    /// How many steps the solution has.
    public var stepCount: Int
    /// Tokens generated for it.
    public var generatedTokens: Int
    /// Why generation ended.
    public var finishReason: String
    /// The policy's confidence in the whole solution, `exp(mean log p)` over its generated tokens
    /// (``SelfCertainty/score(solution:)``), when their log-probabilities were stored (schema version 6).
    public var selfCertainty: Double?

    /// Creates a candidate summary.
    public init(
        position: Int, subtree: Int?, answer: String?, correct: Bool, stepScores: [Double]?,
        outcomeScore: Double? = nil, stepCount: Int, generatedTokens: Int, finishReason: String,
        selfCertainty: Double? = nil
    ) {
        self.position = position
        self.subtree = subtree
        self.answer = answer
        self.correct = correct
        self.stepScores = stepScores
        self.outcomeScore = outcomeScore
        self.stepCount = stepCount
        self.generatedTokens = generatedTokens
        self.finishReason = finishReason
        self.selfCertainty = selfCertainty
    }

    /// The summary of a full record.
    public init(_ record: CandidateRecord) {
        self.init(
            position: record.position, subtree: record.subtree, answer: record.answer, correct: record.correct,
            stepScores: record.stepScores, outcomeScore: record.outcomeScore, stepCount: record.steps.count,
            generatedTokens: record.generatedTokens, finishReason: record.finishReason,
            selfCertainty: record.selfCertainty)
    }
}
