import PonderMath
import Testing

/// One hand-checked row of the equivalence table.
struct EquivalenceCase: Sendable, CustomTestStringConvertible {
    var gold: String
    var prediction: String
    var isEquivalent: Bool
    /// The rule expected to decide, when the row pins it.
    var rule: EquivalenceRule?

    var testDescription: String {
        "\(gold) \(isEquivalent ? "≡" : "≢") \(prediction)" + (rule.map { " [\($0.rawValue)]" } ?? "")
    }
}

/// Equal pair.
func same(_ gold: String, _ prediction: String, _ rule: EquivalenceRule? = nil) -> EquivalenceCase {
    EquivalenceCase(gold: gold, prediction: prediction, isEquivalent: true, rule: rule)
}

/// Unequal pair.
func differ(_ gold: String, _ prediction: String, _ rule: EquivalenceRule? = nil) -> EquivalenceCase {
    EquivalenceCase(gold: gold, prediction: prediction, isEquivalent: false, rule: rule)
}
