public import Foundation
public import PonderCore

/// What a report reads from the store: every finished run with its outcomes, costs and candidate summaries,
/// without texts.
public struct EvalSnapshot: Sendable, Hashable {
    /// The database file.
    public var path: String
    /// The finished runs, in the order they were stored.
    public var runs: [StoredRun]

    /// Creates a snapshot.
    public init(path: String, runs: [StoredRun]) {
        self.path = path
        self.runs = runs
    }
}

/// One finished problem run as a report sees it.
public struct StoredRun: Sendable, Hashable {
    /// The run's row id.
    public var id: Int64
    /// The run's identity.
    public var key: RunKey
    /// The gold answer.
    public var gold: String
    /// The problem's level, if known.
    public var level: Int?
    /// The problem's subject, if known.
    public var subject: String?
    /// The run's beam width M (tree strategies), needed to subsample DVTS.
    public var beamWidth: Int?
    /// How many candidates the run produced.
    public var candidateCount: Int
    /// How many of them were correct.
    public var correctCandidates: Int
    /// The measured accounting of the whole run.
    public var accounting: ComputeAccounting
    /// The answer each rule picked at each reported budget.
    public var selections: [SelectionOutcome]
    /// The compute attributed to each reported budget.
    public var costs: [BudgetCost]
    /// When it finished.
    public var finishedAt: Date
    /// Every candidate without its text, in order (what the verifier diagnostics read).
    public var candidates: [StoredCandidate]
    /// What an `auto` run planned; `nil` for the other strategies and for runs stored before schema version 5.
    public var plan: PlanReport?

    /// Creates a stored run.
    public init(
        id: Int64, key: RunKey, gold: String, level: Int?, subject: String?, beamWidth: Int? = nil,
        candidateCount: Int, correctCandidates: Int, accounting: ComputeAccounting, selections: [SelectionOutcome],
        costs: [BudgetCost], finishedAt: Date, candidates: [StoredCandidate] = [], plan: PlanReport? = nil
    ) {
        self.plan = plan
        self.id = id
        self.key = key
        self.gold = gold
        self.level = level
        self.subject = subject
        self.beamWidth = beamWidth
        self.candidateCount = candidateCount
        self.correctCandidates = correctCandidates
        self.accounting = accounting
        self.selections = selections
        self.costs = costs
        self.finishedAt = finishedAt
        self.candidates = candidates
    }
}
