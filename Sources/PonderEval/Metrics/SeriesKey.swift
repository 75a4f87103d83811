import PonderCore

/// What one curve of a report is: a strategy of one policy with one verifier and one set of knobs, on one
/// dataset. Budgets, seeds and selection rules are dimensions within it.
public struct SeriesKey: Sendable, Hashable, Comparable {
    /// The dataset.
    public var dataset: String
    /// The policy model.
    public var policy: String
    /// The strategy's name.
    public var strategy: String
    /// The verifier's name (``RunKey/noVerifier`` for none).
    public var verifier: String
    /// The knobs, as canonical JSON.
    public var parameters: String

    /// Creates a key.
    public init(dataset: String, policy: String, strategy: String, verifier: String, parameters: String) {
        self.dataset = dataset
        self.policy = policy
        self.strategy = strategy
        self.verifier = verifier
        self.parameters = parameters
    }

    /// The series a run belongs to.
    public init(_ key: RunKey) {
        self.init(
            dataset: key.dataset, policy: key.policy, strategy: key.strategy, verifier: key.verifier,
            parameters: key.parameters)
    }

    /// A short stable fingerprint of the parameters (FNV-1a, 32 bits, hex), to tell series apart in labels.
    public var parametersFingerprint: String {
        let hex = String(FNV1a.hash32(parameters.utf8), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Policy, then strategy in the order CoT, majority, Best-of-N, beam, DVTS, particle filtering, then verifier
    /// and knobs.
    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        let order = ["cot", "majority", "best-of-n", "beam", "dvts", "particle-filter"]
        let left = order.firstIndex(of: lhs.strategy) ?? order.count
        let right = order.firstIndex(of: rhs.strategy) ?? order.count
        return (lhs.dataset, lhs.policy, left, lhs.strategy, lhs.verifier, lhs.parameters)
            < (rhs.dataset, rhs.policy, right, rhs.strategy, rhs.verifier, rhs.parameters)
    }
}
