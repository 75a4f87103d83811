/// Compares expressions without variables by value. Exact means exact.
///
/// - **Every literal is the number it spells.** A decimal literal is an exact rational (`0.125` is
///   1/8), so a decimal equals a fraction or radical only when it *is* that value: `0.5` = `\frac12`,
///   `0.125` = `\frac18`, `2.5` = `2\frac12`. A rounding is a different number: `0.333` ≠ `\frac13`,
///   `4.24` ≠ `3\sqrt{2}`, `3.14159` ≠ `\pi`, whichever side is the gold. A gold that is itself a
///   decimal is taken at its word too: gold `4.24` equals `4.24` and `4.240`, not `3\sqrt2` or
///   `4.2426`, and gold `0.33` is not `\frac13` (the question asked for that decimal; math-verify
///   agrees on all of these).
/// - Values are compared as exact rational forms (``RationalFunction``) when both sides have them,
///   which decides every comparison of rationals, decimals and their sums and products. Otherwise
///   (radicals, `\pi`, functions) both sides are evaluated: exact sides must agree to a relative
///   1e-9 (floating-point noise, `\sin\pi` = 1.2e-16 counts as 0); with a decimal literal involved
///   to a relative 1e-12, so only a decimal carrying more than twelve significant digits of an
///   irrational, beyond what double precision separates, still matches it.
/// - **Bases.** A number with a base subscript is its value (`31_4` is 13): it equals the same value
///   in base 10 or any other base (`31_4` = `13` = `15_8`), and equal digits in different bases are
///   different numbers (`31_4` ≠ `31_5`). A bare whole number against one with a subscript may also
///   be its digits with the base left out, as models often write the answer to "express in base 4"
///   (`31_4` = `31`); its value is tried too (`31_4` = `13`).
/// - Percent variants (only when enabled, which ``MathGrader`` does when one side is written as a
///   percentage, and only between plain base-10 literals): the prediction
///   may also equal the gold ×100 or ÷100, exactly (Qwen2.5-Math's `math_equal` allows a relative
///   1e-4 here and everywhere; Ponder does not).
/// - `∞` equals `∞` of the same sign; values that overflow or are undefined are not decided.
struct NumericEquivalence {
    /// Relative tolerance between exact sides that can only be evaluated (radicals, `\pi`).
    static let exactTolerance = 1e-9
    /// Relative tolerance when a decimal literal is involved and the sides can only be evaluated.
    static let decimalTolerance = 1e-12
    /// Floating-point noise around zero (`\sin\pi` is 1.2e-16) when both sides are exact.
    static let exactAbsoluteTolerance = 1e-12

    static func compare(gold: Expression, prediction: Expression, acceptsPercentVariants: Bool) -> Verdict {
        if baseDigitsAgree(gold, prediction) { return .equal(.numeric) }
        var budget = 20_000
        if let goldForm = RationalFunction(gold, budget: &budget),
            let predictionForm = RationalFunction(prediction, budget: &budget),
            let equal = goldForm.isEqual(to: predictionForm, budget: &budget)
        {
            if equal { return .equal(.numeric) }
            if !goldForm.hasOpaqueAtoms, !predictionForm.hasOpaqueAtoms {
                return percentVerdict(gold, prediction, acceptsPercentVariants) ?? .different(.numeric)
            }
        }
        let approximate = gold.containsApproximation || prediction.containsApproximation
        let evaluator = Evaluator()
        let goldValue = evaluator.value(of: gold)
        let predictionValue = evaluator.value(of: prediction)
        if let infinite = infinityVerdict(goldValue, predictionValue) { return infinite }
        guard goldValue.isFinite, predictionValue.isFinite else { return .different(.undecidable) }
        let tolerance = approximate ? decimalTolerance : exactTolerance
        if isClose(goldValue, predictionValue, relativeTolerance: tolerance)
            || (goldValue - predictionValue).magnitude <= exactAbsoluteTolerance
        {
            return .equal(.numeric)
        }
        return percentVerdict(gold, prediction, acceptsPercentVariants) ?? .different(.numeric)
    }

    /// `|a − b| ≤ tolerance · max(|a|, |b|)`, as Python's `math.isclose` with `abs_tol = 0`.
    static func isClose(_ first: Complex, _ second: Complex, relativeTolerance: Double) -> Bool {
        if first == second { return true }
        let difference = (first - second).magnitude
        return difference <= relativeTolerance * max(first.magnitude, second.magnitude)
    }

    /// Whether one side is a number with a base subscript and the other a bare whole number whose
    /// digits, read in that base, are the same number (`31_4` and `31`), signs alike.
    static func baseDigitsAgree(_ first: Expression, _ second: Expression) -> Bool {
        switch (first, second) {
        case (.negation(let left), .negation(let right)):
            return baseDigitsAgree(left, right)
        case (.based(let value, let base), .number(let digits, false)),
            (.number(let digits, false), .based(let value, let base)):
            guard digits.isInteger, digits.numerator >= 0 else { return false }
            return LatexParser.value(ofDigits: String(digits.numerator), base: base) == value
        default:
            return false
        }
    }

    private static func infinityVerdict(_ gold: Complex, _ prediction: Complex) -> Verdict? {
        let goldInfinite = gold.real.isInfinite && gold.imaginary == 0
        let predictionInfinite = prediction.real.isInfinite && prediction.imaginary == 0
        guard goldInfinite || predictionInfinite else { return nil }
        if goldInfinite && predictionInfinite {
            return gold.real == prediction.real ? .equal(.numeric) : .different(.numeric)
        }
        return gold.isFinite || prediction.isFinite ? .different(.numeric) : nil
    }

    /// The prediction equals the gold ×100 or ÷100: exactly for literals held as rationals, within
    /// the decimal tolerance for literals too long to hold exactly.
    private static func percentVerdict(_ gold: Expression, _ prediction: Expression, _ enabled: Bool) -> Verdict? {
        guard enabled, gold.isPlainNumber, prediction.isPlainNumber else { return nil }
        if let goldValue = exactValue(gold), let predictionValue = exactValue(prediction) {
            for scale in [Rational(100), Rational(1, 100)] {
                if let scale, goldValue.multiplied(by: scale) == predictionValue { return .equal(.percent) }
            }
            return nil
        }
        let evaluator = Evaluator()
        let goldValue = evaluator.value(of: gold)
        let predictionValue = evaluator.value(of: prediction)
        for scale in [100.0, 0.01] {
            let scaled = Complex(goldValue.real * scale)
            if isClose(scaled, predictionValue, relativeTolerance: decimalTolerance) { return .equal(.percent) }
        }
        return nil
    }

    /// The exact value of a plain number literal, possibly negated.
    private static func exactValue(_ expression: Expression) -> Rational? {
        switch expression {
        case .number(let value, _): value
        case .negation(let inner): exactValue(inner)?.negated()
        default: nil
        }
    }
}
