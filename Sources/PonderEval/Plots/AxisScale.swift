import Foundation

/// How values map onto an axis: linear, or logarithmic in base 2 (budgets, like the paper's figures) or 10
/// (FLOPs).
public enum AxisScale: Sendable, Hashable {
    /// Linear.
    case linear
    /// Logarithmic, base 2: ticks at powers of two.
    case log2
    /// Logarithmic, base 10: ticks at powers of ten.
    case log10

    /// The value in the axis's own (linear) coordinate; non-positive values have none on a log axis.
    public func transform(_ value: Double) -> Double? {
        switch self {
        case .linear: return value
        case .log2: return value > 0 ? Foundation.log2(value) : nil
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// Tick values between `lower` and `upper` (in data units): powers of the base on log axes, about
    /// five round steps on a linear one.
    public func ticks(from lower: Double, to upper: Double) -> [Double] {
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
        case .log2, .log10:
            let base: Double = self == .log2 ? 2 : 10
            guard let low = transform(lower), let high = transform(upper) else { return [] }
            return Array(Int(low.rounded(.up))...max(Int(low.rounded(.up)), Int(high.rounded(.down))))
                .map { pow(base, Double($0)) }
                .filter { $0 >= lower * (1 - 1e-9) && $0 <= upper * (1 + 1e-9) }
        }
    }

    /// A tick's label: `16` on a base-2 axis, `10¹²` on a base-10 one, the number on a linear one.
    public func label(_ value: Double, percent: Bool = false) -> String {
        switch self {
        case .linear:
            if percent { return "\(Int((value * 100).rounded()))%" }
            return value == value.rounded() ? "\(Int(value))" : String(format: "%g", value)
        case .log2:
            return value >= 1 ? "\(Int(value.rounded()))" : String(format: "%g", value)
        case .log10:
            let exponent = Int((Foundation.log10(value)).rounded())
            return "10" + Self.superscript(exponent)
        }
    }

    static func superscript(_ number: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(number).map { digits[$0] ?? $0 })
    }
}
