/// Scores finished candidate solutions; higher is better. Best-of-N selects with it.
public protocol SolutionScorer: Sendable {
    /// A short name for results and traces.
    var name: String { get }

    /// One score per solution, in order, each in [0, 1].
    func score(_ solutions: [PartialSolution], for problem: Problem) async throws -> [Double]
}
