import Foundation

/// How numbers appear in reports.
enum Formatting {
    /// `0.4333` as `43.3%`.
    static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }

    /// An accuracy with its interval: `43.3% [30.0, 56.7]`.
    static func interval(_ interval: ConfidenceInterval) -> String {
        String(format: "%.1f%% [%.1f, %.1f]", interval.estimate * 100, interval.lower * 100, interval.upper * 100)
    }

    /// A score or an AUROC with two decimals: `0.62`.
    static func score(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// An AUROC with its interval: `0.62 [0.48, 0.75]`.
    static func auroc(_ interval: ConfidenceInterval) -> String {
        String(format: "%.2f [%.2f, %.2f]", interval.estimate, interval.lower, interval.upper)
    }

    /// A token count with thousands separators: `12,345`.
    static func tokens(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        let digits = String(abs(rounded))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (rounded < 0 ? "-" : "") + grouped
    }

    /// FLOPs in scientific notation: `1.23e12`.
    static func flops(_ value: Double) -> String {
        value == 0 ? "0" : String(format: "%.2e", value).replacingOccurrences(of: "e+", with: "e")
    }

    /// Seconds with one decimal.
    static func seconds(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// A number for CSV: integers plainly, others with up to 6 significant digits.
    static func csv(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }
}
