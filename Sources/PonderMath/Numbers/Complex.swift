import Foundation

/// A complex number of two doubles: the value domain of numeric evaluation.
///
/// Evaluating in ℂ lets `i` be the imaginary unit and keeps `\sqrt{-4}` or `\ln(-1)` meaningful
/// instead of turning them into NaN.
package struct Complex: Hashable, Sendable {
    package var real: Double
    package var imaginary: Double

    package init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    package static let zero = Complex(0)
    package static let one = Complex(1)
    package static let i = Complex(0, 1)

    package var isFinite: Bool { real.isFinite && imaginary.isFinite }
    package var magnitude: Double { hypot(real, imaginary) }
    package var argument: Double { atan2(imaginary, real) }
    /// Whether the imaginary part is negligible next to the real part.
    package var isReal: Bool { abs(imaginary) <= 1e-12 * max(1, abs(real)) }

    package static func + (lhs: Complex, rhs: Complex) -> Complex {
        Complex(lhs.real + rhs.real, lhs.imaginary + rhs.imaginary)
    }

    package static func - (lhs: Complex, rhs: Complex) -> Complex {
        Complex(lhs.real - rhs.real, lhs.imaginary - rhs.imaginary)
    }

    package static prefix func - (value: Complex) -> Complex {
        Complex(-value.real, -value.imaginary)
    }

    package static func * (lhs: Complex, rhs: Complex) -> Complex {
        if lhs.imaginary == 0 && rhs.imaginary == 0 { return Complex(lhs.real * rhs.real) }
        return Complex(
            lhs.real * rhs.real - lhs.imaginary * rhs.imaginary,
            lhs.real * rhs.imaginary + lhs.imaginary * rhs.real
        )
    }

    package static func / (lhs: Complex, rhs: Complex) -> Complex {
        if lhs.imaginary == 0 && rhs.imaginary == 0 { return Complex(lhs.real / rhs.real) }
        let scale = rhs.real * rhs.real + rhs.imaginary * rhs.imaginary
        return Complex(
            (lhs.real * rhs.real + lhs.imaginary * rhs.imaginary) / scale,
            (lhs.imaginary * rhs.real - lhs.real * rhs.imaginary) / scale
        )
    }

    package func exp() -> Complex {
        let scale = Foundation.exp(real)
        if imaginary == 0 { return Complex(scale) }
        return Complex(scale * cos(imaginary), scale * sin(imaginary))
    }

    /// The principal natural logarithm.
    package func log() -> Complex {
        if imaginary == 0 && real > 0 { return Complex(Foundation.log(real)) }
        return Complex(Foundation.log(magnitude), argument)
    }

    /// The principal square root.
    package func squareRoot() -> Complex {
        if imaginary == 0 {
            return real >= 0 ? Complex(real.squareRoot()) : Complex(0, (-real).squareRoot())
        }
        let modulus = magnitude
        let realPart = ((modulus + real) / 2).squareRoot()
        let imaginaryPart = ((modulus - real) / 2).squareRoot()
        return Complex(realPart, imaginary < 0 ? -imaginaryPart : imaginaryPart)
    }

    /// `self` to the power `exponent`; real bases with integer or real-rooted exponents stay real.
    package func power(_ exponent: Complex) -> Complex {
        if exponent.imaginary == 0 && imaginary == 0 {
            let power = exponent.real
            if real >= 0 || power.rounded() == power { return Complex(pow(real, power)) }
        }
        if exponent.imaginary == 0, exponent.real.rounded() == exponent.real, abs(exponent.real) <= 64 {
            var result = Complex.one
            let base = exponent.real < 0 ? Complex.one / self : self
            for _ in 0..<Int(abs(exponent.real)) { result = result * base }
            return result
        }
        if real == 0 && imaginary == 0 { return exponent.real > 0 ? .zero : Complex(.nan) }
        return (exponent * log()).exp()
    }

    package func sine() -> Complex {
        if imaginary == 0 { return Complex(sin(real)) }
        return Complex(sin(real) * cosh(imaginary), cos(real) * sinh(imaginary))
    }

    package func cosine() -> Complex {
        if imaginary == 0 { return Complex(cos(real)) }
        return Complex(cos(real) * cosh(imaginary), -sin(real) * sinh(imaginary))
    }
}
