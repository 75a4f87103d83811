import Foundation

/// Evaluates an ``Expression`` to a complex number, with values for its variables.
///
/// Anything that cannot be evaluated safely comes out as NaN, which callers read as "not decided":
/// unknown variables, exponents above 10 000 in magnitude (so `10^{10^{10}}` is never computed),
/// factorials outside 0…170, binomials with more than 1 000 factors, and functions outside their
/// real domain where no complex extension is implemented.
package struct Evaluator: Sendable {
    /// Values of the variables.
    package var assignment: [String: Complex]

    package init(assignment: [String: Complex] = [:]) {
        self.assignment = assignment
    }

    private static let notANumber = Complex(.nan, .nan)

    package func value(of expression: Expression) -> Complex {
        switch expression {
        case .number(let value, _), .based(let value, _): return Complex(value.doubleValue)
        case .real(let value): return Complex(value)
        case .variable(let name): return assignment[name] ?? Evaluator.notANumber
        case .constant(let constant):
            switch constant {
            case .pi: return Complex(Double.pi)
            case .e: return Complex(M_E)
            case .i: return .i
            case .infinity: return Complex(.infinity)
            }
        case .sum(let terms):
            return terms.reduce(Complex.zero) { $0 + value(of: $1) }
        case .product(let factors):
            return factors.reduce(Complex.one) { $0 * value(of: $1) }
        case .negation(let inner):
            return -value(of: inner)
        case .quotient(let top, let bottom):
            let divisor = value(of: bottom)
            guard divisor.real != 0 || divisor.imaginary != 0 else { return Evaluator.notANumber }
            return value(of: top) / divisor
        case .power(let base, let exponent):
            let power = value(of: exponent)
            let root = value(of: base)
            guard power.isFinite, root.isFinite, power.magnitude <= 10_000 else { return Evaluator.notANumber }
            return root.power(power)
        case .call(let function, let arguments):
            return call(function, arguments.map { value(of: $0) })
        }
    }

    private func call(_ function: MathFunction, _ arguments: [Complex]) -> Complex {
        guard let argument = arguments.first, argument.isFinite else { return Evaluator.notANumber }
        let real = argument.isReal ? argument.real : nil
        switch function {
        case .sqrt: return argument.squareRoot()
        case .root:
            guard arguments.count == 2, let index = arguments[1].isReal ? arguments[1].real : nil, index != 0 else {
                return Evaluator.notANumber
            }
            // Odd roots of negative reals are real, as a reader of `\sqrt[3]{-8}` expects.
            if let real, real < 0, index.rounded() == index, Int(index) % 2 != 0 {
                return Complex(-pow(-real, 1 / index))
            }
            return argument.power(Complex(1 / index))
        case .sin: return argument.sine()
        case .cos: return argument.cosine()
        case .tan: return argument.sine() / argument.cosine()
        case .cot: return argument.cosine() / argument.sine()
        case .sec: return Complex.one / argument.cosine()
        case .csc: return Complex.one / argument.sine()
        case .arcsin: return real.flatMap { abs($0) <= 1 ? Complex(asin($0)) : nil } ?? Evaluator.notANumber
        case .arccos: return real.flatMap { abs($0) <= 1 ? Complex(acos($0)) : nil } ?? Evaluator.notANumber
        case .arctan: return real.map { Complex(atan($0)) } ?? Evaluator.notANumber
        case .sinh: return real.map { Complex(sinh($0)) } ?? Evaluator.notANumber
        case .cosh: return real.map { Complex(cosh($0)) } ?? Evaluator.notANumber
        case .tanh: return real.map { Complex(tanh($0)) } ?? Evaluator.notANumber
        case .ln: return argument.log()
        case .log:
            guard arguments.count == 2 else { return argument.log() }
            return argument.log() / arguments[1].log()
        case .exp:
            guard argument.real <= 700 else { return Evaluator.notANumber }
            return argument.exp()
        case .abs: return Complex(argument.magnitude)
        case .floor: return real.map { Complex($0.rounded(.down)) } ?? Evaluator.notANumber
        case .ceil: return real.map { Complex($0.rounded(.up)) } ?? Evaluator.notANumber
        case .factorial:
            guard let real, real >= 0, real <= 170, real.rounded() == real else { return Evaluator.notANumber }
            return Complex((1...max(1, Int(real))).reduce(1.0) { $0 * Double($1) })
        case .binomial:
            guard arguments.count == 2, let n = real, let k = arguments[1].isReal ? arguments[1].real : nil,
                n.rounded() == n, k.rounded() == k, k >= 0, n >= k, n <= 1e9
            else { return Evaluator.notANumber }
            let steps = Int(min(k, n - k))
            guard steps <= 1_000 else { return Evaluator.notANumber }
            var result = 1.0
            for step in 0..<steps { result = result * (n - Double(step)) / Double(step + 1) }
            return Complex(result.rounded())
        }
    }
}
