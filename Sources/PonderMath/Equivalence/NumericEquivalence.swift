/// Compares expressions without variables by value.
///
/// - Both sides exact (no decimal literal; rationals, radicals, `\pi`…): equal when the exact
///   rational values agree, or, for irrational values, when they agree to a relative 1e-9.
///   Exactness makes `10001` differ from `10000`, which Qwen's tolerance would accept.
/// - A decimal literal on either side: equal within a relative tolerance of 1e-4
///   (`|a − b| ≤ 1e-4 · max(|a|, |b|)`, Qwen2.5-Math's `math_equal`), so `0.3333` matches `\frac13`.
/// - Percent variants (only when enabled, and only between plain number literals): the
///   prediction may also equal the gold ×100 or ÷100, as in Qwen's grader.
/// - `∞` equals `∞` of the same sign; values that overflow or are undefined are not decided.
struct NumericEquivalence {
    static let approximateTolerance = 1e-4
    static let exactTolerance = 1e-9
    /// Floating-point noise around zero (`\sin\pi` is 1.2e-16) when both sides are exact.
    static let exactAbsoluteTolerance = 1e-12

    static func compare(gold: Expression, prediction: Expression, acceptsPercentVariants: Bool) -> Verdict {
        let approximate = gold.containsApproximation || prediction.containsApproximation
        if !approximate {
            var budget = 20_000
            if let goldForm = RationalFunction(gold, budget: &budget),
                let predictionForm = RationalFunction(prediction, budget: &budget),
                !goldForm.hasOpaqueAtoms, !predictionForm.hasOpaqueAtoms,
                let equal = goldForm.isEqual(to: predictionForm, budget: &budget)
            {
                if equal { return .equal(.numeric) }
                return percentVerdict(gold, prediction, acceptsPercentVariants) ?? .different(.numeric)
            }
        }
        let evaluator = Evaluator()
        let goldValue = evaluator.value(of: gold)
        let predictionValue = evaluator.value(of: prediction)
        if let infinite = infinityVerdict(goldValue, predictionValue) { return infinite }
        guard goldValue.isFinite, predictionValue.isFinite else { return .different(.undecidable) }
        let tolerance = approximate ? approximateTolerance : exactTolerance
        if isClose(goldValue, predictionValue, relativeTolerance: tolerance)
            || (!approximate && (goldValue - predictionValue).magnitude <= exactAbsoluteTolerance)
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

    private static func infinityVerdict(_ gold: Complex, _ prediction: Complex) -> Verdict? {
        let goldInfinite = gold.real.isInfinite && gold.imaginary == 0
        let predictionInfinite = prediction.real.isInfinite && prediction.imaginary == 0
        guard goldInfinite || predictionInfinite else { return nil }
        if goldInfinite && predictionInfinite {
            return gold.real == prediction.real ? .equal(.numeric) : .different(.numeric)
        }
        return gold.isFinite || prediction.isFinite ? .different(.numeric) : nil
    }

    private static func percentVerdict(_ gold: Expression, _ prediction: Expression, _ enabled: Bool) -> Verdict? {
        guard enabled, gold.isPlainNumber, prediction.isPlainNumber else { return nil }
        let evaluator = Evaluator()
        let goldValue = evaluator.value(of: gold)
        let predictionValue = evaluator.value(of: prediction)
        for scale in [100.0, 0.01] {
            let scaled = Complex(goldValue.real * scale)
            if isClose(scaled, predictionValue, relativeTolerance: approximateTolerance) { return .equal(.percent) }
        }
        return nil
    }
}
