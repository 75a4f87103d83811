/// A way to spend a generation budget on one problem: CoT, majority vote, Best-of-N, and (with reward
/// models) beam search and DVTS.
///
/// Strategies are values: their parameters are fixed at construction and validated there, so a
/// strategy that exists can run.
public protocol SearchStrategy: Sendable {
    /// The strategy's name as the CLI spells it (`cot`, `majority`, `best-of-n`).
    var name: String { get }
    /// How many solutions it samples (N).
    var budget: Int { get }

    /// Solves `problem` with the context's policy.
    ///
    /// - Important: Cancelling the task stops generation within one decode step; the result then has
    ///   ``SearchResult/StopReason/cancelled`` and holds the partial candidates.
    func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult
}
