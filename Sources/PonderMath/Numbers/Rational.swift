/// An exact fraction of two 64-bit integers, always in lowest terms with a positive denominator.
///
/// Every operation checks for overflow and returns `nil` instead of trapping, so callers fall back
/// to floating-point evaluation when a value leaves the exact range.
package struct Rational: Hashable, Sendable, CustomStringConvertible {
    /// The numerator; carries the sign.
    package let numerator: Int64
    /// The denominator; always positive.
    package let denominator: Int64

    /// Creates `numerator / denominator` in lowest terms, or `nil` when the denominator is zero or a
    /// part is `Int64.min` (whose negation overflows).
    package init?(_ numerator: Int64, _ denominator: Int64 = 1) {
        guard denominator != 0, numerator != .min, denominator != .min else { return nil }
        let divisor = Rational.greatestCommonDivisor(numerator.magnitude, denominator.magnitude)
        let sign: Int64 = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / Int64(divisor)
        self.denominator = sign * denominator / Int64(divisor)
    }

    package static let zero = Rational(uncheckedNumerator: 0, denominator: 1)
    package static let one = Rational(uncheckedNumerator: 1, denominator: 1)

    private init(uncheckedNumerator: Int64, denominator: Int64) {
        self.numerator = uncheckedNumerator
        self.denominator = denominator
    }

    package var isInteger: Bool { denominator == 1 }
    package var isZero: Bool { numerator == 0 }
    package var doubleValue: Double { Double(numerator) / Double(denominator) }
    package var description: String { isInteger ? "\(numerator)" : "\(numerator)/\(denominator)" }

    package func negated() -> Rational? { Rational(-numerator, denominator) }

    package func reciprocal() -> Rational? { Rational(denominator, numerator) }

    package func adding(_ other: Rational) -> Rational? {
        let (left, leftOverflow) = numerator.multipliedReportingOverflow(by: other.denominator)
        let (right, rightOverflow) = other.numerator.multipliedReportingOverflow(by: denominator)
        let (sum, sumOverflow) = left.addingReportingOverflow(right)
        let (base, baseOverflow) = denominator.multipliedReportingOverflow(by: other.denominator)
        guard !(leftOverflow || rightOverflow || sumOverflow || baseOverflow) else { return nil }
        return Rational(sum, base)
    }

    package func subtracting(_ other: Rational) -> Rational? {
        other.negated().flatMap(adding)
    }

    package func multiplied(by other: Rational) -> Rational? {
        // Cross-reduce first so that products of reduced fractions overflow as late as possible.
        let first = Rational.greatestCommonDivisor(numerator.magnitude, other.denominator.magnitude)
        let second = Rational.greatestCommonDivisor(other.numerator.magnitude, denominator.magnitude)
        let (top, topOverflow) = (numerator / Int64(first))
            .multipliedReportingOverflow(by: other.numerator / Int64(second))
        let (bottom, bottomOverflow) = (denominator / Int64(second))
            .multipliedReportingOverflow(by: other.denominator / Int64(first))
        guard !(topOverflow || bottomOverflow) else { return nil }
        return Rational(top, bottom)
    }

    package func divided(by other: Rational) -> Rational? {
        other.reciprocal().flatMap(multiplied)
    }

    /// `self` raised to an integer power, or `nil` on overflow, `0^negative`, or `|exponent| > 4096`.
    package func power(_ exponent: Int) -> Rational? {
        guard exponent.magnitude <= 4096 else { return nil }
        if exponent < 0 { return reciprocal()?.power(-exponent) }
        var result = Rational.one
        var base = self
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                guard let next = result.multiplied(by: base) else { return nil }
                result = next
            }
            remaining >>= 1
            if remaining > 0 {
                guard let squared = base.multiplied(by: base) else { return nil }
                base = squared
            }
        }
        return result
    }

    package static func greatestCommonDivisor(_ first: UInt64, _ second: UInt64) -> UInt64 {
        var (a, b) = (first, second)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }
}
