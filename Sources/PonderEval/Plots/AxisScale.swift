import Foundation

/// How values map onto an axis: linear, or logarithmic in base 2 (budgets, like the paper's figures) or 10
/// (FLOPs).
package enum AxisScale: Sendable, Hashable {
    /// Linear.
    case linear
    /// Logarithmic, base 2: ticks at powers of two.
    case log2
    /// Logarithmic, base 10: ticks at powers of ten.
    case log10

    /// The value in the axis's own (linear) coordinate; non-positive values have none on a log axis.
    package func transform(_ value: Double) -> Double? {
        switch self {
        case .linear: return value
        case .log2: return value > 0 ? Foundation.log2(value) : nil
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// Tick values between `lower` and `upper` (in data units): powers of two on a base-2 axis; decades on a
    /// base-10 axis (1-2-5 steps, or every digit, when the range is too short for two); about five round
    /// steps on a linear one.
    package func ticks(from lower: Double, to upper: Double) -> [Double] {
        switch self {
        case .linear:
            let span = upper - lower
            guard span > 0 else { return [lower] }
            // Steps of 1, 2, 2.5 or 5 × 10^e, counted in integers so 3 × 0.2 is 0.6, not 0.6000000000000001.
            let exponent = Int(Foundation.log10(span / 5).rounded(.down))
            let unit = pow(10, Double(abs(exponent)))
            let scaled = span / 5 / (exponent < 0 ? 1 / unit : unit)
            let multiple = [1.0, 2, 2.5, 5, 10].first { $0 >= scaled * (1 - 1e-9) } ?? 10
            func value(_ k: Int) -> Double {
                exponent < 0 ? Double(k) * multiple / unit : Double(k) * multiple * unit
            }
            let step = value(1)
            var ticks: [Double] = []
            var k = Int((lower / step).rounded(.up))
            while value(k) <= upper + step * 1e-9 {
                ticks.append(value(k))
                k += 1
            }
            return ticks
        case .log2:
            return powers(of: 2, mantissas: [1], from: lower, to: upper)
        case .log10:
            // Decades when the range spans two or more; else 1-2-5 steps; else every digit.
            for mantissas in [[1.0], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] {
                let ticks = powers(of: 10, mantissas: mantissas, from: lower, to: upper)
                if ticks.count >= 2 { return ticks }
            }
            return powers(of: 10, mantissas: [1, 2, 3, 4, 5, 6, 7, 8, 9], from: lower, to: upper)
        }
    }

    /// Unlabelled ticks between the labelled ones: 2…9 × 10^k on a base-10 axis labelled at decades, 1.5 × 2^k
    /// (3, 6, 12, …) on a base-2 axis; none on a linear axis or a base-10 axis already labelled more finely.
    package func minorTicks(from lower: Double, to upper: Double) -> [Double] {
        let major = Set(ticks(from: lower, to: upper))
        switch self {
        case .linear:
            return []
        case .log2:
            return powers(of: 2, mantissas: [1.5], from: lower, to: upper).filter { !major.contains($0) }
        case .log10:
            guard powers(of: 10, mantissas: [1], from: lower, to: upper).count >= 2 else { return [] }
            return powers(of: 10, mantissas: [2, 3, 4, 5, 6, 7, 8, 9], from: lower, to: upper)
                .filter { !major.contains($0) }
        }
    }

    /// `mantissa × base^k` for every integer k, between `lower` and `upper`, ascending.
    private func powers(of base: Double, mantissas: [Double], from lower: Double, to upper: Double) -> [Double] {
        guard lower > 0, upper >= lower else { return [] }
        let low = Int((Foundation.log(lower) / Foundation.log(base)).rounded(.down))
        let high = Int((Foundation.log(upper) / Foundation.log(base)).rounded(.up))
        var ticks: [Double] = []
        for exponent in low...high {
            for mantissa in mantissas {
                let value = mantissa * pow(base, Double(exponent))
                if value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) { ticks.append(value) }
            }
        }
        return ticks
    }

    /// A tick's label: `16` on a base-2 axis, `10¹²` or `2×10¹¹` on a base-10 one, the number on a linear one.
    package func label(_ value: Double, percent: Bool = false) -> String {
        switch self {
        case .linear:
            if percent { return "\(Int((value * 100).rounded()))%" }
            return value == value.rounded() ? "\(Int(value))" : String(format: "%g", value)
        case .log2:
            return value >= 1 ? "\(Int(value.rounded()))" : String(format: "%g", value)
        case .log10:
            let exponent = Int((Foundation.log10(value) + 1e-9).rounded(.down))
            let decade = pow(10, Double(exponent))
            let mantissa = (value / decade * 10).rounded() / 10
            guard mantissa != 1 else { return "10" + Self.superscript(exponent) }
            let digits = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(format: "%.1f", mantissa)
            return digits + "×10" + Self.superscript(exponent)
        }
    }

    static func superscript(_ number: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
            "-": "⁻",
        ]
        return String(String(number).map { digits[$0] ?? $0 })
    }
}
