import PonderCore

/// Compares expressions with variables (`\frac{x+1}{2}` against `\frac12 x + \frac12`).
///
/// 1. Exact: both sides are brought to ``RationalFunction`` form. A zero difference proves them
///    equal; a non-zero difference between forms without opaque atoms proves them different
///    (this is how `x + 1` and `y + 1`, or `x^2 - 1` and `(x-1)^2`, are told apart).
/// 2. Otherwise numeric: both sides are evaluated at seeded random points, each variable drawn
///    from [0.5, 3.5] (positive, so roots and logarithms stay real). Points where either side is
///    undefined are skipped. Any point where the values differ by more than a relative 1e-6
///    (1e-9 when a decimal literal is involved: a decimal is the number it spells, and a rounded
///    coefficient such as `1.414x` for `\sqrt{2}x` is a different expression) proves them
///    different; agreement at 4 points
///    makes them equal; fewer than 4 usable points out of 16 leaves the pair undecided (unequal).
struct SymbolicEquivalence {
    static let requiredPoints = 4
    static let attempts = 16
    /// Relative tolerance at random points between exact expressions.
    static let exactTolerance = 1e-6
    /// Relative tolerance at random points when a decimal literal is involved.
    static let decimalTolerance = 1e-9

    static func compare(gold: Expression, prediction: Expression) -> Verdict {
        var budget = 20_000
        if let goldForm = RationalFunction(gold, budget: &budget),
            let predictionForm = RationalFunction(prediction, budget: &budget),
            let equal = goldForm.isEqual(to: predictionForm, budget: &budget)
        {
            if equal { return .equal(.symbolic) }
            if !goldForm.hasOpaqueAtoms && !predictionForm.hasOpaqueAtoms { return .different(.symbolic) }
        }
        let approximate = gold.containsApproximation || prediction.containsApproximation
        let tolerance = approximate ? decimalTolerance : exactTolerance
        let variables = gold.variables.union(prediction.variables)
        let agreement = agreeAtRandomPoints(gold, prediction, variables: variables) { left, right in
            (left - right).magnitude <= max(tolerance * max(left.magnitude, right.magnitude), 1e-9)
        }
        switch agreement {
        case true?: return .equal(.symbolic)
        case false?: return .different(.symbolic)
        case nil: return .different(.undecidable)
        }
    }

    /// Whether `relation` holds between the two sides at every usable random point: `true` after
    /// ``requiredPoints`` agreeing points, `false` at the first disagreement, `nil` when too few
    /// points were usable.
    static func agreeAtRandomPoints(
        _ first: Expression, _ second: Expression, variables: Set<String>,
        relation: (Complex, Complex) -> Bool
    ) -> Bool? {
        var generator = SplitMix64(seed: 0x5EED_0F_9A_DE5)
        let names = variables.sorted()
        var agreeing = 0
        for _ in 0..<attempts {
            var assignment: [String: Complex] = [:]
            for name in names { assignment[name] = Complex(Double.random(in: 0.5...3.5, using: &generator)) }
            let evaluator = Evaluator(assignment: assignment)
            let left = evaluator.value(of: first)
            let right = evaluator.value(of: second)
            guard left.isFinite, right.isFinite else { continue }
            guard relation(left, right) else { return false }
            agreeing += 1
            if agreeing >= requiredPoints { return true }
        }
        return nil
    }
}
