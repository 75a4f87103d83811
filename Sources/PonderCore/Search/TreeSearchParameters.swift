/// The knobs of step-level tree search (beam search and DVTS), with the paper's defaults.
public struct TreeSearchParameters: Sendable, Hashable, Codable {
    /// The budget N: candidate steps sampled per depth.
    public var budget: Int
    /// The beam width M: samples per kept beam (the paper: 4).
    public var beamWidth: Int
    /// The most steps a path may have (the official code: 40).
    public var maxDepth: Int
    /// Greedy steps rolled out past a candidate to score it (0: score the candidate itself).
    public var lookahead: Int
    /// How often a beam whose samples were all dropped is sampled again before it dies (the official code: 3).
    public var retries: Int
    /// Whether a path that reached a token limit (per step or per solution) finishes as a length-capped
    /// candidate (search-and-learn's behaviour) instead of being dropped and its parent sampled again
    /// (Ponder's first behaviour, kept as the default so stored runs stay comparable).
    public var keepLengthCapped: Bool

    /// Creates parameters; everything but the budget has the paper's default.
    public init(
        budget: Int, beamWidth: Int = 4, maxDepth: Int = 40, lookahead: Int = 0, retries: Int = 3,
        keepLengthCapped: Bool = false
    ) {
        self.budget = budget
        self.beamWidth = beamWidth
        self.maxDepth = maxDepth
        self.lookahead = lookahead
        self.retries = retries
        self.keepLengthCapped = keepLengthCapped
    }

    /// Checks the values once, before any work.
    ///
    /// - Throws: ``PonderError`` naming the offending value.
    public func validated() throws -> TreeSearchParameters {
        guard beamWidth >= 1 else {
            throw PonderError.invalidParameter("beam width", "\(beamWidth)", expected: "at least 1")
        }
        guard budget >= beamWidth else {
            throw PonderError.invalidParameter("n", "\(budget)", expected: "at least the beam width \(beamWidth)")
        }
        guard budget % beamWidth == 0 else {
            throw PonderError.invalidParameter("n", "\(budget)", expected: "a multiple of the beam width \(beamWidth)")
        }
        guard maxDepth >= 1 else {
            throw PonderError.invalidParameter("max depth", "\(maxDepth)", expected: "at least 1")
        }
        guard lookahead >= 0 else {
            throw PonderError.invalidParameter("lookahead", "\(lookahead)", expected: "0 or more")
        }
        guard retries >= 0 else {
            throw PonderError.invalidParameter("retries", "\(retries)", expected: "0 or more")
        }
        return self
    }
}
