public import PonderCore

/// Test-time-scaling settings one source (the body's `ponder` object, `X-Ponder-*` headers, a model alias)
/// sets; each value remembers the parameter it came from, so a later error can name it.
public struct ScalingOverrides: Sendable, Hashable {
    /// A value and the parameter that set it.
    public struct Set<Value: Sendable & Hashable>: Sendable, Hashable {
        public var value: Value
        public var param: String
    }

    public var strategy: Set<ScalingStrategy>?
    public var budget: Set<Int>?
    public var beamWidth: Set<Int>?
    public var lookahead: Set<Int>?
    public var selection: Set<SelectionRule>?
    public var verifier: Set<String>?
    public var deadline: Set<Duration>?

    /// Nothing set.
    public static let none = ScalingOverrides()

    /// The fields of the `ponder` object.
    static let bodyKeys: Swift.Set<String> = [
        "strategy", "budget", "beam_width", "lookahead", "selection", "verifier", "deadline",
    ]

    init() {}

    /// Reads the body's `ponder` object.
    init(body fields: JSONFields, limits: ServerLimits) throws {
        if let key = fields.unknownKeys(known: Self.bodyKeys).first {
            throw ServerError.invalidValue(
                "ponder.\(key)",
                "Unrecognized Ponder setting 'ponder.\(key)': expected \(Self.bodyKeys.sorted().joined(separator: ", "))"
            )
        }
        if let text = try fields.string("strategy") { strategy = try Self.strategy(text, param: "ponder.strategy") }
        if let value = try fields.int("budget") {
            budget = try Self.budget(value, param: "ponder.budget", limits: limits)
        }
        if let value = try fields.int("beam_width") {
            beamWidth = try Self.positive(value, param: "ponder.beam_width", limit: limits.maxBudget)
        }
        if let value = try fields.int("lookahead") {
            guard (0...16).contains(value) else {
                throw ServerError.invalidValue(
                    "ponder.lookahead", "Invalid 'ponder.lookahead' \(value): expected 0 to 16")
            }
            lookahead = Set(value: value, param: "ponder.lookahead")
        }
        if let text = try fields.string("selection") { selection = try Self.selection(text, param: "ponder.selection") }
        if let text = try fields.string("verifier") { verifier = Set(value: text, param: "ponder.verifier") }
        if let value = fields.raw("deadline") {
            let seconds: Double
            switch value {
            case .number(let number): seconds = number
            case .string(let text): seconds = try Self.seconds(text, param: "ponder.deadline")
            default:
                throw ServerError.invalidValue(
                    "ponder.deadline", "Invalid type for 'ponder.deadline': expected seconds or a string like '30s'")
            }
            deadline = try Self.deadline(seconds, param: "ponder.deadline")
        }
    }

    /// Reads `X-Ponder-Strategy`, `X-Ponder-Budget` and `X-Ponder-Deadline`.
    init(headers: [String: String], limits: ServerLimits) throws {
        if let text = headers["x-ponder-strategy"] { strategy = try Self.strategy(text, param: "X-Ponder-Strategy") }
        if let text = headers["x-ponder-budget"] {
            guard text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
                throw ServerError.invalidValue(
                    "X-Ponder-Budget", "Invalid 'X-Ponder-Budget' '\(text)': expected an integer")
            }
            budget = try Self.budget(value, param: "X-Ponder-Budget", limits: limits)
        }
        if let text = headers["x-ponder-deadline"] {
            deadline = try Self.deadline(try Self.seconds(text, param: "X-Ponder-Deadline"), param: "X-Ponder-Deadline")
        }
    }

    /// Later sources win: `self` overridden by `other` field by field.
    func overridden(by other: ScalingOverrides) -> ScalingOverrides {
        var merged = self
        if let value = other.strategy { merged.strategy = value }
        if let value = other.budget { merged.budget = value }
        if let value = other.beamWidth { merged.beamWidth = value }
        if let value = other.lookahead { merged.lookahead = value }
        if let value = other.selection { merged.selection = value }
        if let value = other.verifier { merged.verifier = value }
        if let value = other.deadline { merged.deadline = value }
        return merged
    }

    static func strategy(_ text: String, param: String) throws -> Set<ScalingStrategy> {
        guard let kind = ScalingStrategy(rawValue: text) else {
            let known = ScalingStrategy.allNames.joined(separator: ", ")
            throw ServerError.invalidValue(param, "Invalid '\(param)' '\(text)': expected one of \(known)")
        }
        return Set(value: kind, param: param)
    }

    static func selection(_ text: String, param: String) throws -> Set<SelectionRule> {
        do {
            return Set(value: try SelectionRule(parsing: text), param: param)
        } catch let error as PonderError {
            throw ServerError.invalidValue(param, "Invalid '\(param)': \(error.message)")
        }
    }

    static func budget(_ value: Int, param: String, limits: ServerLimits) throws -> Set<Int> {
        try positive(value, param: param, limit: limits.maxBudget)
    }

    static func positive(_ value: Int, param: String, limit: Int) throws -> Set<Int> {
        guard (1...limit).contains(value) else {
            throw ServerError.invalidValue(param, "Invalid '\(param)' \(value): expected 1 to \(limit)")
        }
        return Set(value: value, param: param)
    }

    static func seconds(_ text: String, param: String) throws -> Double {
        let trimmed = text.hasSuffix("s") ? text.dropLast() : Substring(text)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let digits = parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard digits, let seconds = Double(trimmed) else {
            throw ServerError.invalidValue(param, "Invalid '\(param)' '\(text)': expected seconds such as 30 or '30s'")
        }
        return seconds
    }

    static func deadline(_ seconds: Double, param: String) throws -> Set<Duration> {
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw ServerError.invalidValue(param, "Invalid '\(param)' \(seconds): expected 0 < seconds <= 86400")
        }
        return Set(value: .milliseconds(Int64(seconds * 1000)), param: param)
    }
}
