/// How a path's step scores become one path score.
public enum ScoreAggregation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The newest step's score (the official code's beam value).
    case last
    /// The weakest step's score.
    case min
    /// The mean step score ("avg" in the paper).
    case mean
    /// The product of the step scores: the probability every step is right, if they were independent.
    case product

    /// The path score; an empty list scores -1, as in the official code.
    public func aggregate(_ scores: [Double]) -> Double {
        guard let last = scores.last else { return -1 }
        switch self {
        case .last: return last
        case .min: return scores.min() ?? last
        case .mean: return scores.reduce(0, +) / Double(scores.count)
        case .product: return scores.reduce(1, *)
        }
    }
}
