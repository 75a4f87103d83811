/// The rule that decided a ``Verdict``.
///
/// For an equal verdict it is the rule that matched; for an unequal one, the comparison that
/// found the difference (``EquivalenceRule/kindMismatch`` when the answers are different kinds of
/// object, ``EquivalenceRule/undecidable`` when values could not be computed safely).
public enum EquivalenceRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The normalised strings agree, ignoring case.
    case identical
    /// Constants compared by value, exactly: a decimal is the number it spells, so it equals a
    /// fraction only when it is that value (`0.5` = `\frac12`, `0.333` ≠ `\frac13`); numbers with a
    /// base subscript by their value (`31_4` = `13`). See ``NumericEquivalence``.
    case numeric
    /// The prediction equals the gold ×100 or ÷100, exactly (Qwen's percent variants; grading only).
    case percent
    /// Expressions with variables, by exact rational-function form or at random points.
    case symbolic
    /// Ordered tuples, points and vectors, element-wise.
    case tuple
    /// Intervals and unions of intervals: ends, brackets and bounds.
    case interval
    /// Unordered sets and comma-separated lists of solutions.
    case set
    /// Matrices element-wise, with the same shape.
    case matrix
    /// Equations: by right-hand side when the left is a single variable, else as `lhs − rhs` up to
    /// a non-zero constant factor.
    case equation
    /// Inequalities that are not single-variable intervals, side by side.
    case relation
    /// Text answers, compared after normalisation, ignoring case.
    case text
    /// The answers are different kinds of object (a number and an interval, say).
    case kindMismatch = "kind-mismatch"
    /// The values could not be computed safely (overflow, huge exponents, undefined points).
    case undecidable
    /// One of the answers is empty.
    case empty
}
