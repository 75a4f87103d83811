/// Decides what a solution's final answer is and whether two answers are the same mathematical object.
///
/// Every vote Ponder counts and every accuracy it reports goes through one `AnswerGrader`, so strategies
/// never compare answer strings themselves. The grader is `PonderMath.MathGrader`; the domain layer only
/// knows this protocol.
public protocol AnswerGrader: Sendable {
    /// Extracts the final answer from a model's full output.
    ///
    /// - Returns: the answer, without its `\boxed{}` wrapper, or `nil` when the text holds none.
    func extractAnswer(from solution: String) -> ExtractedAnswer?

    /// Whether two extracted answers denote the same value.
    ///
    /// Must be symmetric for answers of the same kind; voting groups a candidate with the first
    /// group whose representative answer it is equivalent to.
    func isEquivalent(_ lhs: String, _ rhs: String) -> Bool
}

/// A final answer found in a solution, with the rule that found it.
public struct ExtractedAnswer: Sendable, Hashable, Codable {
    /// Which extraction rule fired.
    public enum Rule: String, Sendable, Hashable, Codable {
        /// "The final answer is $…$. I hope it is correct." (Llama's official MATH format).
        case finalAnswerIs = "final-answer-is"
        /// The last `\boxed{…}` (or `\fbox{…}`).
        case boxed
        /// "The answer is …".
        case answerIs = "answer-is"
        /// The last number in the text.
        case lastNumber = "last-number"
    }

    /// The answer text (LaTeX), trimmed.
    public var text: String
    /// The rule that found it.
    public var rule: Rule

    /// Creates an extracted answer.
    public init(text: String, rule: Rule) {
        self.text = text
        self.rule = rule
    }
}
