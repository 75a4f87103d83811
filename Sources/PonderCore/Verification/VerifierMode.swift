/// What a verifier scores when a strategy asks it: every step of a path (a process reward model) or each
/// whole solution once (an outcome reward model).
///
/// Best-of-N in ``outcome`` mode scores each sampled solution once and selects by those scores. Beam search
/// and DVTS always prune by step scores; in ``outcome`` mode their finished paths are also scored whole, and
/// the final vote uses those scores. Every selection rule applies: a candidate's one outcome score is its
/// path score under every aggregation.
public enum VerifierMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Score steps (the default, and the only behaviour before outcome scoring).
    case step
    /// Score each whole solution once.
    case outcome

    /// Parses a name.
    ///
    /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
    public init(parsing name: String) throws {
        guard let mode = VerifierMode(rawValue: name.lowercased()) else {
            throw PonderError.unknownName("verifier mode", name, known: VerifierMode.allCases.map(\.rawValue))
        }
        self = mode
    }
}
