/// A mathematical expression parsed from LaTeX.
///
/// The tree keeps what the answer wrote (a quotient stays a quotient) so that evaluation and exact
/// simplification can each interpret it; nothing is simplified at construction.
package indirect enum Expression: Hashable, Sendable {
    /// A number literal, held exactly. `isDecimal` records a decimal point in the source, which
    /// marks the value as possibly rounded (see ``NumericEquivalence``).
    case number(Rational, isDecimal: Bool)
    /// A whole number written in another base with a subscript (`31_4`, `1011_{2}`), held as its
    /// value (`31_4` is 13) with its base, which a bare number may have left out (see
    /// ``NumericEquivalence``).
    case based(Rational, base: Int)
    /// A number literal too long to hold exactly.
    case real(Double)
    /// A variable: a letter, a Greek letter command, or either with a subscript (`a_1`).
    case variable(String)
    case constant(MathConstant)
    case sum([Expression])
    case product([Expression])
    case negation(Expression)
    case quotient(Expression, Expression)
    case power(Expression, Expression)
    case call(MathFunction, [Expression])

    /// The variables the expression mentions.
    package var variables: Set<String> {
        var names = Set<String>()
        collectVariables(into: &names)
        return names
    }

    private func collectVariables(into names: inout Set<String>) {
        switch self {
        case .number, .based, .real, .constant: break
        case .variable(let name): names.insert(name)
        case .sum(let items), .product(let items), .call(_, let items):
            for item in items { item.collectVariables(into: &names) }
        case .negation(let inner): inner.collectVariables(into: &names)
        case .quotient(let first, let second), .power(let first, let second):
            first.collectVariables(into: &names)
            second.collectVariables(into: &names)
        }
    }

    /// Whether a decimal literal or a long literal appears anywhere, so the value may be a rounding.
    package var containsApproximation: Bool {
        switch self {
        case .number(_, let isDecimal): isDecimal
        case .real: true
        case .based, .variable, .constant: false
        case .sum(let items), .product(let items), .call(_, let items): items.contains { $0.containsApproximation }
        case .negation(let inner): inner.containsApproximation
        case .quotient(let first, let second), .power(let first, let second):
            first.containsApproximation || second.containsApproximation
        }
    }

    /// Whether the expression is a plain base-10 number literal, possibly negated (Qwen's `is_digit`).
    package var isPlainNumber: Bool {
        switch self {
        case .number, .real: true
        case .negation(let inner): inner.isPlainNumber
        default: false
        }
    }

    /// Whether the expression is ±∞.
    package var infinitySign: Int? {
        switch self {
        case .constant(.infinity): 1
        case .negation(let inner): inner.infinitySign.map { -$0 }
        default: nil
        }
    }

    /// A deterministic text form, used as the identity of opaque atoms in exact simplification.
    package var canonicalKey: String {
        switch self {
        case .number(let value, _), .based(let value, _): value.description
        case .real(let value): "\(value)"
        case .variable(let name): name
        case .constant(let constant): constant.rawValue
        case .sum(let items): "(" + items.map(\.canonicalKey).joined(separator: "+") + ")"
        case .product(let items): "(" + items.map(\.canonicalKey).joined(separator: "*") + ")"
        case .negation(let inner): "(-" + inner.canonicalKey + ")"
        case .quotient(let top, let bottom): "(" + top.canonicalKey + "/" + bottom.canonicalKey + ")"
        case .power(let base, let exponent): "(" + base.canonicalKey + "^" + exponent.canonicalKey + ")"
        case .call(let function, let arguments):
            function.rawValue + "(" + arguments.map(\.canonicalKey).joined(separator: ",") + ")"
        }
    }
}

/// Named constants.
package enum MathConstant: String, Hashable, Sendable {
    case pi
    /// Euler's number (a bare `e`).
    case e
    /// The imaginary unit (a bare `i`).
    case i
    case infinity
}

/// Functions the parser knows.
package enum MathFunction: String, Hashable, Sendable, CaseIterable {
    case sqrt
    /// `\sqrt[n]{x}`: arguments are the radicand and the index.
    case root
    case sin, cos, tan, cot, sec, csc
    case arcsin, arccos, arctan
    case sinh, cosh, tanh
    /// Natural logarithm.
    case ln
    /// `\log x` (natural, as sympy reads it) or `\log_b x`: arguments are the value and, optionally, the base.
    case log
    case exp
    case abs, floor, ceil
    case factorial
    /// `\binom{n}{k}`.
    case binomial
}
