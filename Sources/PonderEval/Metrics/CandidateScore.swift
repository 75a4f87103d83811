public import PonderCore

/// Which verifier score of a candidate the diagnostics judge: an outcome score of the whole solution (when
/// one was stored) or one of the path scores the selection rules make from the step scores.
public enum CandidateScore: String, Sendable, Hashable, Codable, CaseIterable {
    /// The verifier's score of the whole solution (``StoredCandidate/outcomeScore``).
    case outcome
    /// The last step's score.
    case last
    /// The lowest step score.
    case min
    /// The mean step score.
    case mean
    /// The product of the step scores.
    case product

    /// The path score made by `aggregation`.
    public init(_ aggregation: ScoreAggregation) {
        switch aggregation {
        case .last: self = .last
        case .min: self = .min
        case .mean: self = .mean
        case .product: self = .product
        }
    }

    /// The score of `candidate`; `nil` when it has none (no verifier, no steps scored, no outcome score).
    public func value(of candidate: StoredCandidate) -> Double? {
        switch self {
        case .outcome: return candidate.outcomeScore
        case .last: return aggregate(candidate, .last)
        case .min: return aggregate(candidate, .min)
        case .mean: return aggregate(candidate, .mean)
        case .product: return aggregate(candidate, .product)
        }
    }

    /// A label for tables: `outcome`, `last step`, `min step`, `mean step`, `step product`.
    public var label: String {
        switch self {
        case .outcome: "outcome"
        case .last: "last step"
        case .min: "min step"
        case .mean: "mean step"
        case .product: "step product"
        }
    }

    private func aggregate(_ candidate: StoredCandidate, _ aggregation: ScoreAggregation) -> Double? {
        guard let scores = candidate.stepScores, !scores.isEmpty else { return nil }
        return aggregation.aggregate(scores)
    }
}
