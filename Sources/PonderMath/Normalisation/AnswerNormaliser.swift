/// Rewrites an extracted answer to a canonical LaTeX string: the first stage of grading.
///
/// The steps, in order: ``LatexLayout`` (delimiters, sizing, spacing, `\dfrac` → `\frac`, trailing
/// period), ``SymbolCleanup`` (degrees, dollars, percent), ``TextAndUnits`` (units, `\text{}`),
/// ``NumberFormats`` (thousands separators, number words, `\infty`, `\emptyset`),
/// ``AnswerPrefixes`` (`x \in`, `(C)`), ``LatexLayout`` again, then ``Whitespace``.
/// Two answers whose canonical strings agree, ignoring case, are equivalent outright.
package struct AnswerNormaliser: Sendable {
    private let steps: [any NormalisationStep]

    package init() {
        steps = [
            LatexLayout(), SymbolCleanup(), TextAndUnits(), NumberFormats(), AnswerPrefixes(), LatexLayout(),
            Whitespace(),
        ]
    }

    /// The canonical form of `answer`.
    package func normalise(_ answer: String) -> String {
        var text = answer
        for step in steps { text = step.apply(text) }
        return text
    }
}
