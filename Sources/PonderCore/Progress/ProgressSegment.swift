/// One part of a progress line, with how much it matters when the line must be shortened to fit.
public struct ProgressSegment: Sendable, Hashable {
    /// The text (`depth 3/40`, `41.2 tok/s`).
    public var text: String
    /// Higher stays longer: a narrow line drops the lowest first.
    public var priority: Int

    /// Creates a segment.
    public init(_ text: String, priority: Int) {
        self.text = text
        self.priority = priority
    }

    /// The separator between segments.
    public static let separator = " · "

    /// The segments joined, all of them.
    public static func line(_ segments: [ProgressSegment]) -> String {
        segments.map(\.text).joined(separator: separator)
    }

    /// The segments joined in order, dropping the least important ones (the later first among equals) until
    /// the line is at most `width` characters; a line still too long is cut and ends with `…`.
    public static func line(_ segments: [ProgressSegment], width: Int) -> String {
        var kept = segments
        while kept.count > 1, line(kept).count > width {
            let lowest = kept.map(\.priority).min() ?? 0
            if let index = kept.lastIndex(where: { $0.priority == lowest }) { kept.remove(at: index) }
        }
        let text = line(kept)
        guard text.count > width else { return text }
        return width <= 1 ? String(text.prefix(max(width, 0))) : String(text.prefix(width - 1)) + "…"
    }

    /// Seconds as `45s`, `12m05s` or `1h02m`.
    public static func duration(_ seconds: Double) -> String {
        let total = seconds.isFinite ? Int(max(seconds, 0).rounded()) : 0
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
        return "\(total / 3600)h" + twoDigits(total % 3600 / 60) + "m"
    }

    /// A count with thousands separated by commas: `131,072`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A rate with one decimal: `41.2`.
    public static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
