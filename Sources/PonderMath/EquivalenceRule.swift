/// The rule that decided a ``Verdict``.
///
/// For an equal verdict it is the rule that matched; for an unequal one, the comparison that
/// found the difference (``EquivalenceRule/kindMismatch`` when the answers are different kinds of
/// object, ``EquivalenceRule/undecidable`` when values could not be computed safely).
public enum EquivalenceRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The normalised strings agree, ignoring case.
    case identical
    /// Constants compared by value: exactly when both sides are exact, else within a relative
    /// tolerance of 1e-4 (Qwen2.5-Math's rule) when a decimal literal is involved.
    case numeric
    /// The prediction equals the gold ×100 or ÷100 (Qwen's percent variants; grading only).
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
