import Foundation

/// A deadline and a FLOPs budget for one search: when either is reached, the search stops with its best
/// answer so far (see ``LimitedSearch``).
public struct SearchLimits: Sendable, Hashable, Codable {
    /// The longest the search may run, from its start.
    public var deadline: Duration?
    /// The most floating-point operations the search may spend, policy and verifier together, counted as
    /// ``ComputeAccounting/totalFLOPs`` counts them (2 × parameters × processed tokens).
    public var flops: Double?

    /// Creates limits.
    ///
    /// - Throws: ``PonderError`` for a deadline or a budget that is not positive.
    public init(deadline: Duration? = nil, flops: Double? = nil) throws {
        if let deadline, deadline <= .zero {
            throw PonderError.invalidParameter("deadline", "\(deadline)", expected: "a positive duration")
        }
        if let flops, !(flops > 0 && flops.isFinite) {
            throw PonderError.invalidParameter("FLOPs budget", "\(flops)", expected: "a positive number such as 1e13")
        }
        self.deadline = deadline
        self.flops = flops
    }

    /// No limit.
    public static let none = SearchLimits(unchecked: nil, flops: nil)

    private init(unchecked deadline: Duration?, flops: Double?) {
        self.deadline = deadline
        self.flops = flops
    }

    /// Whether any limit is set.
    public var isLimited: Bool { deadline != nil || flops != nil }

    /// Parses a duration: a positive number with a unit, `500ms`, `30s`, `2m`, `1h` (a bare number is seconds).
    ///
    /// - Throws: ``PonderError`` for text that is not a positive duration (`-3`, `abc`, `0`).
    public static func duration(parsing text: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]
        var number = trimmed
        var scale = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = String(trimmed.dropLast(unit.suffix.count))
            scale = unit.seconds
            break
        }
        guard let value = Double(number), value.isFinite, value > 0, value * scale <= 86_400 * 365 else {
            throw PonderError.invalidParameter(
                "duration", text, expected: "a positive duration such as '500ms', '30s', '2m' or '1h'")
        }
        return .seconds(value * scale)
    }
}
