/// A way to spend a generation budget on one problem: CoT, majority vote, Best-of-N, and (with a verifier)
/// beam search, DVTS and particle filtering.
///
/// Strategies are values: their parameters are fixed at construction and validated there, so a strategy
/// that exists can run. The models they run on (policy, verifier, grader) come with the
/// ``SearchContext``, so a strategy is built once, before any model loads, and runs on any backend.
public protocol SearchStrategy: Sendable {
    /// The strategy's name as the CLI spells it (`cot`, `majority`, `best-of-n`, `beam`, `dvts`, `particle-filter`).
    var name: String { get }
    /// How many solutions it samples (N).
    var budget: Int { get }
    /// The most sequences it decodes at once: what the policy's backend must hold in parallel.
    var parallelWidth: Int { get }
    /// Whether it asks the context's verifier for scores.
    var usesVerifier: Bool { get }

    /// Solves `problem` with the context's policy (and verifier, if it uses one).
    ///
    /// - Important: Cancelling the task stops generation within one decode step; the result then has
    ///   ``SearchResult/StopReason/cancelled`` and holds the partial candidates.
    func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult
}
