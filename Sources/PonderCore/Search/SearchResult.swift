/// Everything a strategy produced for one problem: the answer, every candidate, the vote table and the cost.
public struct SearchResult: Sendable, Hashable, Codable {
    /// Whether the search ran to its end.
    public enum StopReason: String, Sendable, Hashable, Codable {
        /// Every candidate finished.
        case completed
        /// The task was cancelled; candidates hold what was generated.
        case cancelled
    }

    /// The problem solved.
    public var problem: Problem
    /// The strategy's name.
    public var strategy: String
    /// The budget N.
    public var budget: Int
    /// The chosen answer, or `nil` when no candidate had one.
    public var answer: String?
    /// Every candidate, in generation order.
    public var candidates: [Candidate]
    /// Candidates grouped by equivalent answers, with the winner.
    public var votes: VoteTable
    /// What the search cost.
    public var accounting: ComputeAccounting
    /// Whether the search ran to its end.
    public var stopReason: StopReason
    /// What `--strategy auto` planned and why; `nil` for the other strategies.
    public var plan: PlanReport?

    /// Creates a result.
    public init(
        problem: Problem, strategy: String, budget: Int, answer: String?, candidates: [Candidate],
        votes: VoteTable, accounting: ComputeAccounting, stopReason: StopReason, plan: PlanReport? = nil
    ) {
        self.problem = problem
        self.strategy = strategy
        self.budget = budget
        self.answer = answer
        self.candidates = candidates
        self.votes = votes
        self.accounting = accounting
        self.stopReason = stopReason
        self.plan = plan
    }
}
