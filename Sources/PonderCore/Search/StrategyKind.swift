/// The strategies by name, as the CLI, the server and the evaluation harness spell them.
public enum StrategyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One greedy solution.
    case cot
    /// N samples, majority vote.
    case majority
    /// N samples, scored, selected by a rule.
    case bestOfN = "best-of-n"

    /// Parses a name.
    ///
    /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
    public init(parsing name: String) throws {
        guard let kind = StrategyKind(rawValue: name.lowercased()) else {
            throw PonderError.unknownName("strategy", name, known: StrategyKind.allCases.map(\.rawValue))
        }
        self = kind
    }

    /// Builds the strategy.
    ///
    /// - Parameters:
    ///   - n: the budget (ignored by CoT, which always samples once).
    ///   - parameters: sampling knobs (CoT forces temperature 0).
    ///   - selection: Best-of-N's selection rule.
    ///   - verifier: Best-of-N's verifier.
    /// - Throws: ``PonderError`` for an invalid budget or parameter.
    public func makeStrategy(
        n: Int,
        parameters: SamplingParameters,
        selection: SelectionRule = .lastVote,
        verifier: any ProcessRewardModel = SelfCertainty()
    ) throws -> any SearchStrategy {
        switch self {
        case .cot: try ChainOfThought(parameters: parameters)
        case .majority: try MajorityVote(n: n, parameters: parameters)
        case .bestOfN: try BestOfN(n: n, parameters: parameters, verifier: verifier, selection: selection)
        }
    }
}
