public import PonderCore

/// Ponder's grader: extracts final answers and decides whether two answers are the same
/// mathematical object, following the semantics of Qwen2.5-Math's evaluation code (which the
/// paper grades with) where they are sound, and stricter where they are not.
///
/// Grading runs in three stages:
/// 1. **Normalisation** (``AnswerNormaliser``): layout, units, text, number spellings. Answers whose
///    normalised strings agree, ignoring case, are equal (``EquivalenceRule/identical``).
/// 2. **Parsing** (``AnswerParser``, ``LatexParser``): the structure (tuple, interval, set, matrix,
///    equation, inequality, expression, text) and an expression tree for each part.
/// 3. **Equivalence** (``StructuredEquivalence``, ``NumericEquivalence``, ``SymbolicEquivalence``):
///    the rules documented on each, reported as an ``EquivalenceRule``.
///
/// Every call returns within a bounded time: answers longer than 4 000 characters are only compared
/// as strings, parsing is limited in depth and size, exact expansion has a work budget, and
/// evaluation refuses huge exponents.
///
/// Use ``Configuration/grading`` to grade predictions against gold answers (percent variants on)
/// and ``Configuration/voting`` to group candidate answers for voting (percent variants off).
public struct MathGrader: AnswerGrader {
    /// How the grader compares answers.
    public var configuration: Configuration

    private let extractor = AnswerExtractor()
    private let normaliser = AnswerNormaliser()
    private let parser = AnswerParser()

    /// Longest answer, in characters, that is normalised and parsed; longer ones compare as strings.
    static let maximumAnswerLength = 4_000

    /// Creates a grader.
    public init(configuration: Configuration = .grading) {
        self.configuration = configuration
    }

    /// The final answer in a model's full output, with the rule that found it (see ``AnswerExtractor``).
    public func extractAnswer(from solution: String) -> ExtractedAnswer? {
        extractor.extract(from: solution)
    }

    /// Whether two extracted answers are equivalent: `judge(gold: lhs, prediction: rhs).isEquivalent`.
    public func isEquivalent(_ lhs: String, _ rhs: String) -> Bool {
        judge(gold: lhs, prediction: rhs).isEquivalent
    }

    /// Decides whether `prediction` is equivalent to `gold`, and by which rule.
    ///
    /// Both arguments are final answers (LaTeX without `\boxed`), not full solutions; use
    /// ``extractAnswer(from:)`` or ``answer(in:)`` first for model output.
    public func judge(gold: String, prediction: String) -> Verdict {
        guard gold.count <= MathGrader.maximumAnswerLength, prediction.count <= MathGrader.maximumAnswerLength else {
            let same = gold.trimmingSpaces() == prediction.trimmingSpaces()
            return Verdict(isEquivalent: same, rule: same ? .identical : .undecidable)
        }
        let goldText = normaliser.normalise(gold)
        let predictionText = normaliser.normalise(prediction)
        guard !goldText.isEmpty, !predictionText.isEmpty else { return .different(.empty) }
        if goldText.lowercased() == predictionText.lowercased() { return .equal(.identical) }
        var comparator = StructuredEquivalence(
            acceptsPercentVariants: acceptsPercentVariants(
                goldIsPercentage: Self.isWrittenAsPercentage(gold), prediction: prediction))
        return comparator.compare(parser.parse(goldText), parser.parse(predictionText))
    }

    /// `gold` normalised and parsed once, for ``judge(gold:prediction:)-(PreparedAnswer,String)``.
    package func prepare(gold: String) -> PreparedAnswer {
        guard gold.count <= MathGrader.maximumAnswerLength else {
            return PreparedAnswer(text: gold, key: gold.trimmingSpaces(), parsed: nil)
        }
        let normalised = normaliser.normalise(gold)
        return PreparedAnswer(
            text: gold, key: normalised.lowercased(), parsed: normalised.isEmpty ? nil : parser.parse(normalised))
    }

    /// The verdict of ``judge(gold:prediction:)-(String,String)`` against a prepared gold answer.
    package func judge(gold: PreparedAnswer, prediction: String) -> Verdict {
        let limit = MathGrader.maximumAnswerLength
        guard gold.text.count <= limit, prediction.count <= limit else {
            let same = gold.text.trimmingSpaces() == prediction.trimmingSpaces()
            return Verdict(isEquivalent: same, rule: same ? .identical : .undecidable)
        }
        let predictionText = normaliser.normalise(prediction)
        guard let goldAnswer = gold.parsed, !predictionText.isEmpty else { return .different(.empty) }
        if gold.key == predictionText.lowercased() { return .equal(.identical) }
        var comparator = StructuredEquivalence(
            acceptsPercentVariants: acceptsPercentVariants(goldIsPercentage: gold.isPercentage, prediction: prediction))
        return comparator.compare(goldAnswer, parser.parse(predictionText))
    }

    /// Whether `answer` is written as a percentage: it holds a percent sign (`%`, `\%`) or the word
    /// "percent". Normalisation removes both, so this is read from the answer as given.
    public static func isWrittenAsPercentage(_ answer: String) -> Bool {
        answer.contains("%") || answer.lowercased().contains("percent")
    }

    /// Whether this comparison accepts the gold ×100 or ÷100: when the configuration does, and one of the
    /// two answers is written as a percentage. Between two plain numbers a factor of 100 is a wrong answer
    /// (`500` for a gold of `5`, as the 0.5B model wrote on MATH-500 `prealgebra/1555`), however
    /// Qwen2.5-Math's grader, which applies the variants to every pair of numbers, would score it.
    private func acceptsPercentVariants(goldIsPercentage: Bool, prediction: String) -> Bool {
        configuration.acceptsPercentVariants && (goldIsPercentage || Self.isWrittenAsPercentage(prediction))
    }

    /// The answer in `text`, which may be a bare answer or a model's output: found by an explicit
    /// rule (`\boxed`, an answer marker; see ``AnswerExtractor``), else the last line when it holds
    /// only an answer and prose comes before it, else the whole text, trimmed.
    ///
    /// Unlike ``extractAnswer(from:)`` this never falls back to the last number, so a bare answer
    /// such as `\frac{1}{2}` is kept whole. Returns the text and the rule (`nil` for "whole text").
    public func answer(in text: String) -> (text: String, rule: ExtractedAnswer.Rule?) {
        if let extracted = extractor.answerOrNil(in: text) { return (extracted.text, extracted.rule) }
        return (text.trimmingSpaces(), nil)
    }

    /// The normalised form of an answer, as grading sees it before parsing.
    public func normalise(_ answer: String) -> String {
        normaliser.normalise(answer)
    }
}
