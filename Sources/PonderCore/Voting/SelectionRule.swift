/// How one answer is chosen from scored candidates grouped by equivalent answers.
public enum SelectionRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The answer most candidates reached (self-consistency).
    case majority
    /// The answer of the single highest-scoring candidate.
    case scoreMax = "max"
    /// The answer whose candidates' scores sum highest (weighted vote).
    case scoreVote = "vote"
}
