/// An atom of a ``Polynomial``.
enum Atom: Hashable {
    case variable(String)
    /// The imaginary unit; its powers are reduced with `i² = -1`.
    case imaginaryUnit
    /// An expression the polynomial form does not look into, by its canonical key.
    case opaque(String)
}

/// A product of atom powers: each atom with its (positive) exponent.
struct Monomial: Hashable {
    var powers: [Atom: Int]

    static let one = Monomial(powers: [:])
}

/// A polynomial with rational coefficients over ``Atom``s.
struct Polynomial: Equatable {
    private(set) var terms: [Monomial: Rational]

    static let maximumTerms = 256

    init(constant: Rational) {
        terms = constant.isZero ? [:] : [.one: constant]
    }

    init(atom: Atom) {
        terms = [Monomial(powers: [atom: 1]): .one]
    }

    private init(terms: [Monomial: Rational]) {
        self.terms = terms
    }

    var isZero: Bool { terms.isEmpty }

    var hasOpaqueAtoms: Bool {
        terms.keys.contains { monomial in
            monomial.powers.keys.contains { if case .opaque = $0 { true } else { false } }
        }
    }

    var constantValue: Rational? {
        if terms.isEmpty { return .zero }
        guard terms.count == 1, let coefficient = terms[.one] else { return nil }
        return coefficient
    }

    func negated() -> Polynomial? {
        var result: [Monomial: Rational] = [:]
        for (monomial, coefficient) in terms {
            guard let negative = coefficient.negated() else { return nil }
            result[monomial] = negative
        }
        return Polynomial(terms: result)
    }

    func adding(_ other: Polynomial, budget: inout Int) -> Polynomial? {
        budget -= other.terms.count
        guard budget > 0 else { return nil }
        var result = terms
        for (monomial, coefficient) in other.terms {
            guard let sum = (result[monomial] ?? .zero).adding(coefficient) else { return nil }
            result[monomial] = sum.isZero ? nil : sum
        }
        guard result.count <= Polynomial.maximumTerms else { return nil }
        return Polynomial(terms: result)
    }

    func subtracting(_ other: Polynomial, budget: inout Int) -> Polynomial? {
        other.negated().flatMap { adding($0, budget: &budget) }
    }

    func multiplied(by other: Polynomial, budget: inout Int) -> Polynomial? {
        budget -= terms.count * other.terms.count
        guard budget > 0 else { return nil }
        var result: [Monomial: Rational] = [:]
        for (leftMonomial, leftCoefficient) in terms {
            for (rightMonomial, rightCoefficient) in other.terms {
                guard var coefficient = leftCoefficient.multiplied(by: rightCoefficient) else { return nil }
                var powers = leftMonomial.powers
                for (atom, exponent) in rightMonomial.powers {
                    let total = (powers[atom] ?? 0) + exponent
                    powers[atom] = total == 0 ? nil : total
                }
                if let imaginary = powers[.imaginaryUnit] {
                    let reduced = ((imaginary % 4) + 4) % 4
                    powers[.imaginaryUnit] = reduced % 2 == 1 ? 1 : nil
                    if reduced >= 2 {
                        guard let negative = coefficient.negated() else { return nil }
                        coefficient = negative
                    }
                }
                let monomial = Monomial(powers: powers)
                guard let sum = (result[monomial] ?? .zero).adding(coefficient) else { return nil }
                result[monomial] = sum.isZero ? nil : sum
            }
            guard result.count <= Polynomial.maximumTerms else { return nil }
        }
        return Polynomial(terms: result)
    }
}
