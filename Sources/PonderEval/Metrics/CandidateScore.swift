public import PonderCore

/// Which score of a candidate the diagnostics judge: an outcome score of the whole solution (when one was
/// stored), one of the path scores the selection rules make from the step scores, or a signal that needs no
/// verifier at all (the answer's agreement with the run's other candidates, the policy's own confidence, brevity, a
/// finished solution),
/// judged beside the verifier's so that a verifier is seen against what it costs nothing to know.
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
    /// The share of the run's candidates whose answers are equivalent to this one's (0 without an answer): the
    /// vote majority counts, as a score.
    case agreement
    /// The policy's confidence in the solution, `exp(mean log p)` over its generated tokens
    /// (``StoredCandidate/selfCertainty``): what the self-certainty verifier scores, read off log-probabilities
    /// stored with every candidate since schema version 6.
    case selfCertainty = "self-certainty"
    /// 1 − tokens / (the run's longest candidate's tokens + 1): shorter solutions score higher.
    case brevity
    /// 1 when the solution ended by itself, 0 when it was cut at the token limit or otherwise.
    case finished

    /// Whether a verifier produced the score (outcome and step aggregates), as opposed to a signal read off the
    /// candidates themselves.
    public var isVerifierScore: Bool {
        switch self {
        case .outcome, .last, .min, .mean, .product: true
        case .agreement, .selfCertainty, .brevity, .finished: false
        }
    }

    /// Whether the score reads as a probability of being right, so that a reliability diagram means something
    /// (self-certainty is a mean token probability, not one of being right).
    public var isProbability: Bool {
        switch self {
        case .outcome, .last, .min, .mean, .product, .agreement: true
        case .selfCertainty, .brevity, .finished: false
        }
    }

    /// The path score made by `aggregation`.
    public init(_ aggregation: ScoreAggregation) {
        switch aggregation {
        case .last: self = .last
        case .min: self = .min
        case .mean: self = .mean
        case .product: self = .product
        }
    }

    /// The verifier score of `candidate`; `nil` when it has none (no verifier, no steps scored, no outcome score)
    /// or the score is not a verifier's (``values(of:voting:)`` has those).
    public func value(of candidate: StoredCandidate) -> Double? {
        switch self {
        case .outcome: return candidate.outcomeScore
        case .last: return aggregate(candidate, .last)
        case .min: return aggregate(candidate, .min)
        case .mean: return aggregate(candidate, .mean)
        case .product: return aggregate(candidate, .product)
        case .agreement, .selfCertainty, .brevity, .finished: return nil
        }
    }

    /// The score of each of `candidates` (one run's, in order); `nil` where a candidate has none. The signals
    /// need a choice to judge: they are `nil` for a run of one candidate, and ``agreement`` groups answers with
    /// `voting` (`nil` without it).
    package func values(of candidates: [StoredCandidate], voting: (any AnswerGrader)?) -> [Double?] {
        if !isVerifierScore, candidates.count < 2 { return candidates.map { _ in nil } }
        switch self {
        case .outcome, .last, .min, .mean, .product:
            return candidates.map { value(of: $0) }
        case .agreement:
            guard let voting else { return candidates.map { _ in nil } }
            let table = VoteTable(answers: candidates.map(\.answer), rule: .majority, grader: voting)
            var shares = [Double](repeating: 0, count: candidates.count)
            for group in table.groups {
                for member in group.members { shares[member] = Double(group.members.count) / Double(candidates.count) }
            }
            return shares
        case .selfCertainty:
            return candidates.map(\.selfCertainty)
        case .brevity:
            let longest = Double((candidates.map(\.generatedTokens).max() ?? 0) + 1)
            return candidates.map { 1 - Double($0.generatedTokens) / longest }
        case .finished:
            return candidates.map { $0.finishReason == FinishReason.endOfGeneration.rawValue ? 1 : 0 }
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
        case .agreement: "answer agreement"
        case .selfCertainty: "self-certainty"
        case .brevity: "brevity"
        case .finished: "finished"
        }
    }

    private func aggregate(_ candidate: StoredCandidate, _ aggregation: ScoreAggregation) -> Double? {
        guard let scores = candidate.stepScores, !scores.isEmpty else { return nil }
        return aggregation.aggregate(scores)
    }
}
