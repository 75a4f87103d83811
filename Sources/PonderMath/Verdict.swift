/// Whether two answers are equivalent, and the rule that decided it.
public struct Verdict: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether the answers denote the same mathematical object.
    public var isEquivalent: Bool
    /// The rule that decided.
    public var rule: EquivalenceRule

    /// Creates a verdict.
    public init(isEquivalent: Bool, rule: EquivalenceRule) {
        self.isEquivalent = isEquivalent
        self.rule = rule
    }

    /// `equal (numeric)` or `not equal (interval)`.
    public var description: String { (isEquivalent ? "equal" : "not equal") + " (\(rule.rawValue))" }

    static func equal(_ rule: EquivalenceRule) -> Verdict { Verdict(isEquivalent: true, rule: rule) }
    static func different(_ rule: EquivalenceRule) -> Verdict { Verdict(isEquivalent: false, rule: rule) }
}
