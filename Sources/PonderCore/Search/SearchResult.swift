/// Everything a strategy produced for one problem: the answer, every candidate, the vote table and the cost.
public struct SearchResult: Sendable, Hashable, Codable {
    /// Why the search stopped.
    public enum StopReason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every candidate finished.
        case completed
        /// A stopping rule found the answer settled; the samples still running were cancelled.
        case settled
        /// A stopping rule gave up: the answers were too dispersed for any to hold its give-up share of the
        /// samples; the samples still running were cancelled and the vote so far answers.
        case dispersed
        /// The FLOPs budget was reached; candidates hold what was generated.
        case budget
        /// The deadline passed; candidates hold what was generated.
        case deadline
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
    /// Every candidate, in sample order (streamed samples under a rule deciding in finish order: finished ones
    /// in the order they finished); cancelled ones last.
    public var candidates: [Candidate]
    /// Candidates grouped by equivalent answers, with the winner.
    public var votes: VoteTable
    /// What the search cost.
    public var accounting: ComputeAccounting
    /// Why the search stopped.
    public var stopReason: StopReason
    /// Candidates that finished (were not cancelled): the samples the search spent. Equals the budget N
    /// for a sampling strategy that ran to its end; for one a rule stopped in sample order, the samples the rule
    /// decided on and the vote counts (not those that finished out of turn); for beam search and DVTS it is the
    /// finished paths (at most N/M), the paths their vote and their stopping rule count.
    public var samplesSpent: Int
    /// What `--strategy auto` planned and why; `nil` for the other strategies.
    public var plan: PlanReport?

    /// Creates a result.
    public init(
        problem: Problem, strategy: String, budget: Int, answer: String?, candidates: [Candidate],
        votes: VoteTable, accounting: ComputeAccounting, stopReason: StopReason, samplesSpent: Int? = nil,
        plan: PlanReport? = nil
    ) {
        self.problem = problem
        self.strategy = strategy
        self.budget = budget
        self.answer = answer
        self.candidates = candidates
        self.votes = votes
        self.accounting = accounting
        self.stopReason = stopReason
        self.samplesSpent = samplesSpent ?? candidates.count { $0.finishReason != .cancelled }
        self.plan = plan
    }

    private enum CodingKeys: String, CodingKey {
        case problem, strategy, budget, answer, candidates, votes, accounting, stopReason, samplesSpent, plan
    }

    /// Decodes a result; one written before `samplesSpent` existed counts its finished candidates.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let candidates = try container.decode([Candidate].self, forKey: .candidates)
        self.init(
            problem: try container.decode(Problem.self, forKey: .problem),
            strategy: try container.decode(String.self, forKey: .strategy),
            budget: try container.decode(Int.self, forKey: .budget),
            answer: try container.decodeIfPresent(String.self, forKey: .answer), candidates: candidates,
            votes: try container.decode(VoteTable.self, forKey: .votes),
            accounting: try container.decode(ComputeAccounting.self, forKey: .accounting),
            stopReason: try container.decode(StopReason.self, forKey: .stopReason),
            samplesSpent: try container.decodeIfPresent(Int.self, forKey: .samplesSpent),
            plan: try container.decodeIfPresent(PlanReport.self, forKey: .plan))
    }
}
