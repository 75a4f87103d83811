import Foundation

/// An exact canonical form: a quotient of polynomials with rational coefficients.
///
/// Atoms are the variables, the imaginary unit (with `i² = -1` applied) and *opaque* sub-expressions
/// that the form cannot expand (`\sqrt{x}`, `\pi`, `\sin x`, non-integer powers), each identified by
/// its ``Expression/canonicalKey``. Two expressions are exactly equal when `n₁·d₂ − n₂·d₁` expands
/// to zero. Without opaque atoms a non-zero difference proves them different; with opaque atoms it
/// proves nothing (√8 and 2√2 are different atoms), and numeric evaluation decides.
///
/// Expansion is bounded: integer powers up to 12, at most 256 terms per polynomial and a total work
/// budget per comparison, beyond which conversion gives up (`nil`).
struct RationalFunction {
    var numerator: Polynomial
    var denominator: Polynomial

    /// Whether an opaque atom occurs, so that inequality is not proven by this form.
    var hasOpaqueAtoms: Bool { numerator.hasOpaqueAtoms || denominator.hasOpaqueAtoms }

    /// Whether the two forms denote the same function, i.e. `n₁·d₂ − n₂·d₁ = 0`.
    func isEqual(to other: RationalFunction, budget: inout Int) -> Bool? {
        guard let left = numerator.multiplied(by: other.denominator, budget: &budget),
            let right = other.numerator.multiplied(by: denominator, budget: &budget),
            let difference = left.subtracting(right, budget: &budget)
        else { return nil }
        return difference.isZero
    }

    /// The constant value, when the form has no atoms and a rational value.
    var constantValue: Rational? {
        guard let top = numerator.constantValue, let bottom = denominator.constantValue else { return nil }
        return top.divided(by: bottom)
    }

    // MARK: - Conversion

    /// The canonical form of `expression`, or `nil` when it cannot be formed within the bounds.
    init?(_ expression: Expression, budget: inout Int) {
        budget -= 1
        guard budget > 0 else { return nil }
        switch expression {
        case .number(let value, _), .based(let value, _):
            self.init(constant: value)
        case .real:
            return nil
        case .variable(let name):
            self.init(atom: Atom.variable(name))
        case .constant(.i):
            self.init(atom: Atom.imaginaryUnit)
        case .constant(.infinity):
            return nil
        case .constant(let constant):
            self.init(atom: Atom.opaque(constant.rawValue))
        case .sum(let terms):
            guard var total = RationalFunction(terms[0], budget: &budget) else { return nil }
            for term in terms.dropFirst() {
                guard let next = RationalFunction(term, budget: &budget), let sum = total.adding(next, budget: &budget)
                else { return nil }
                total = sum
            }
            self = total
        case .product(let factors):
            guard var total = RationalFunction(factors[0], budget: &budget) else { return nil }
            for factor in factors.dropFirst() {
                guard let next = RationalFunction(factor, budget: &budget),
                    let product = total.multiplied(by: next, budget: &budget)
                else { return nil }
                total = product
            }
            self = total
        case .negation(let inner):
            guard let value = RationalFunction(inner, budget: &budget), let negated = value.numerator.negated() else {
                return nil
            }
            self.init(numerator: negated, denominator: value.denominator)
        case .quotient(let top, let bottom):
            guard let top = RationalFunction(top, budget: &budget),
                let bottom = RationalFunction(bottom, budget: &budget),
                !bottom.numerator.isZero,
                let numerator = top.numerator.multiplied(by: bottom.denominator, budget: &budget),
                let denominator = top.denominator.multiplied(by: bottom.numerator, budget: &budget)
            else { return nil }
            self.init(numerator: numerator, denominator: denominator)
        case .power(let base, let exponent):
            if let exponentForm = RationalFunction(exponent, budget: &budget), let power = exponentForm.constantValue,
                power.isInteger, power.numerator.magnitude <= 12,
                let baseForm = RationalFunction(base, budget: &budget)
            {
                guard let result = baseForm.power(Int(power.numerator), budget: &budget) else { return nil }
                self = result
            } else if let root = RationalFunction.exactRoot(base: base, exponent: exponent, budget: &budget) {
                self.init(constant: root)
            } else {
                self.init(atom: Atom.opaque(expression.canonicalKey))
            }
        case .call(.sqrt, let arguments):
            if let root = RationalFunction.exactRoot(
                base: arguments[0],
                exponent: .quotient(.number(.one, isDecimal: false), .number(Rational(2) ?? .one, isDecimal: false)),
                budget: &budget)
            {
                self.init(constant: root)
            } else {
                self.init(atom: Atom.opaque(expression.canonicalKey))
            }
        case .call:
            self.init(atom: Atom.opaque(expression.canonicalKey))
        }
    }

    init(numerator: Polynomial, denominator: Polynomial) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(constant: Rational) {
        self.init(numerator: Polynomial(constant: constant), denominator: Polynomial(constant: .one))
    }

    init(atom: Atom) {
        self.init(numerator: Polynomial(atom: atom), denominator: Polynomial(constant: .one))
    }

    func adding(_ other: RationalFunction, budget: inout Int) -> RationalFunction? {
        if denominator == other.denominator {
            guard let sum = numerator.adding(other.numerator, budget: &budget) else { return nil }
            return RationalFunction(numerator: sum, denominator: denominator)
        }
        guard let left = numerator.multiplied(by: other.denominator, budget: &budget),
            let right = other.numerator.multiplied(by: denominator, budget: &budget),
            let sum = left.adding(right, budget: &budget),
            let base = denominator.multiplied(by: other.denominator, budget: &budget)
        else { return nil }
        return RationalFunction(numerator: sum, denominator: base)
    }

    func multiplied(by other: RationalFunction, budget: inout Int) -> RationalFunction? {
        guard let top = numerator.multiplied(by: other.numerator, budget: &budget),
            let bottom = denominator.multiplied(by: other.denominator, budget: &budget)
        else { return nil }
        return RationalFunction(numerator: top, denominator: bottom)
    }

    func power(_ exponent: Int, budget: inout Int) -> RationalFunction? {
        if exponent < 0 {
            guard !numerator.isZero else { return nil }
            return RationalFunction(numerator: denominator, denominator: numerator).power(-exponent, budget: &budget)
        }
        var result = RationalFunction(constant: .one)
        for _ in 0..<exponent {
            guard let next = result.multiplied(by: self, budget: &budget) else { return nil }
            result = next
        }
        return result
    }

    /// `base^(p/q)` for a rational base that is a perfect q-th power (`\sqrt{16}`, `8^{2/3}`).
    private static func exactRoot(base: Expression, exponent: Expression, budget: inout Int) -> Rational? {
        guard let baseForm = RationalFunction(base, budget: &budget), let value = baseForm.constantValue,
            value.numerator >= 0,
            let exponentForm = RationalFunction(exponent, budget: &budget), let power = exponentForm.constantValue,
            power.denominator <= 6, power.numerator.magnitude <= 12,
            let top = integerRoot(value.numerator, power.denominator),
            let bottom = integerRoot(value.denominator, power.denominator)
        else { return nil }
        return Rational(top, bottom)?.power(Int(power.numerator))
    }

    private static func integerRoot(_ value: Int64, _ index: Int64) -> Int64? {
        let guess = Int64(pow(Double(value), 1 / Double(index)).rounded())
        for candidate in max(0, guess - 1)...(guess + 1) {
            if let power = Rational(candidate)?.power(Int(index)), power.isInteger, power.numerator == value {
                return candidate
            }
        }
        return nil
    }
}
