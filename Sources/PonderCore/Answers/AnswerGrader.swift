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
    ///
    /// Rules are *explicit* when the text states its answer (a box, an answer marker) and *fallbacks*
    /// when the extractor guesses from where the text stopped (its last line, its last number). A
    /// fallback is meaningful only for text that ended on its own: a solution cut off at the length
    /// limit has stated no answer, and its last line or number is wherever it stopped (see
    /// ``isExplicit``).
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// "The final answer is $…$. I hope it is correct." (Llama's official MATH format). Explicit.
        case finalAnswerIs = "final-answer-is"
        /// The last `\boxed{…}` (or `\fbox{…}`). Explicit.
        case boxed
        /// An answer label: `Answer:`, `Final Answer:`, `**Answer:**`, `ANSWER:`, or a `Final Answer`
        /// heading with the answer on the next line. Explicit.
        case answerLabel = "answer-label"
        /// "The answer is …", "the final answer is …". Explicit.
        case answerIs = "answer-is"
        /// GSM8K's `#### 42` line. Explicit.
        case hashMarker = "hash-marker"
        /// A last line that holds only an answer (`$\frac{1}{2}$`, `12`). Fallback.
        case lastLine = "last-line"
        /// The last number in the text. Fallback.
        case lastNumber = "last-number"

        /// Whether the text stated this answer itself (a box or an answer marker), as opposed to a
        /// fallback guess from its last line or last number.
        ///
        /// Callers grading or voting on text cut off at the length limit should ignore answers found
        /// by fallback rules: such text stated no answer.
        public var isExplicit: Bool {
            switch self {
            case .finalAnswerIs, .boxed, .answerLabel, .answerIs, .hashMarker: true
            case .lastLine, .lastNumber: false
            }
        }
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
