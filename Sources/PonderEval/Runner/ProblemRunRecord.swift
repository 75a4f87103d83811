public import Foundation
public import PonderCore

/// Everything stored for one finished problem run: its key, the problem's gold answer, every candidate,
/// the measured accounting, and per budget the selected answers and the attributed compute.
public struct ProblemRunRecord: Sendable, Hashable {
    /// The run's identity.
    public var key: RunKey
    /// The gold answer graded against.
    public var gold: String
    /// The problem's level, if the dataset has one.
    public var level: Int?
    /// The problem's subject, if the dataset has one.
    public var subject: String?
    /// The beam width M of the run (tree strategies), needed to subsample DVTS.
    public var beamWidth: Int?
    /// What the whole run cost, as measured.
    public var accounting: ComputeAccounting
    /// Every candidate, in the result's order.
    public var candidates: [CandidateRecord]
    /// The answer each selection rule picks at each reported budget.
    public var selections: [SelectionOutcome]
    /// The compute attributed to each reported budget.
    public var costs: [BudgetCost]
    /// When the run finished.
    public var finishedAt: Date
    /// Why the search stopped (`nil` for runs stored before schema version 4, which all completed).
    public var stopReason: SearchResult.StopReason?
    /// The samples the search spent (`nil` for runs stored before schema version 4).
    public var samplesSpent: Int?
    /// What an `auto` run planned (predicted bin, choice, spend); `nil` for the other strategies and for runs stored
    /// before schema version 5.
    public var plan: PlanReport?

    /// Creates a record.
    public init(
        key: RunKey, gold: String, level: Int?, subject: String?, beamWidth: Int?, accounting: ComputeAccounting,
        candidates: [CandidateRecord], selections: [SelectionOutcome], costs: [BudgetCost], finishedAt: Date,
        stopReason: SearchResult.StopReason? = nil, samplesSpent: Int? = nil, plan: PlanReport? = nil
    ) {
        self.plan = plan
        self.stopReason = stopReason
        self.samplesSpent = samplesSpent
        self.key = key
        self.gold = gold
        self.level = level
        self.subject = subject
        self.beamWidth = beamWidth
        self.accounting = accounting
        self.candidates = candidates
        self.selections = selections
        self.costs = costs
        self.finishedAt = finishedAt
    }

    /// How many candidates were graded correct.
    public var correctCandidates: Int { candidates.count(where: \.correct) }
}

/// One stored candidate, graded.
public struct CandidateRecord: Sendable, Hashable, Codable {
    /// Position among the run's candidates (0-based).
    public var position: Int
    /// The DVTS subtree it came from; 0 for beam search; `nil` for independent samples.
    public var subtree: Int?
    /// The full solution.
    public var text: String
    /// The solution's steps.
    public var steps: [String]
    /// The verifier's step scores, when the strategy scored.
    public var stepScores: [Double]?
    /// The verifier's score of the whole solution, when the run scored outcomes.
    public var outcomeScore: Double?
    /// The extracted final answer.
    public var answer: String?
    /// The extraction rule that found it.
    public var answerRule: String?
    /// Whether the answer is equivalent to the gold answer.
    public var correct: Bool
    /// Tokens generated for it.
    public var generatedTokens: Int
    /// Policy tokens it cost.
    public var usage: TokenUsage
    /// Why generation ended.
    public var finishReason: String
    /// The policy's log-probability of each generated token, one array per step (``Candidate/stepLogProbabilities``);
    /// `nil` when the policy reported none or the run was stored before schema version 6.
    public var stepLogProbabilities: [[Float]]?

    /// Creates a candidate record.
    public init(
        position: Int, subtree: Int?, text: String, steps: [String], stepScores: [Double]?, answer: String?,
        answerRule: String?, correct: Bool, generatedTokens: Int, usage: TokenUsage, finishReason: String,
        outcomeScore: Double? = nil, stepLogProbabilities: [[Float]]? = nil
    ) {
        self.position = position
        self.subtree = subtree
        self.text = text
        self.steps = steps
        self.stepScores = stepScores
        self.answer = answer
        self.answerRule = answerRule
        self.correct = correct
        self.generatedTokens = generatedTokens
        self.usage = usage
        self.finishReason = finishReason
        self.outcomeScore = outcomeScore
        self.stepLogProbabilities = stepLogProbabilities
    }

    /// The policy's confidence in the whole solution, `exp(mean log p)` over every stored token log-probability
    /// (``SelfCertainty/score(solution:)``); `nil` when none were stored.
    public var selfCertainty: Double? {
        stepLogProbabilities.flatMap { SelfCertainty.score(logProbabilities: $0.joined()) }
    }

    /// The steps as ``SelfCertainty`` reads them: their texts with the stored log-probabilities; `nil` when none
    /// were stored, or they do not match the steps.
    public var stepsWithLogProbabilities: [Step]? {
        guard let stepLogProbabilities, stepLogProbabilities.count == steps.count else { return nil }
        return zip(steps, stepLogProbabilities).map { Step(text: $0, tokens: [], tokenLogProbabilities: $1) }
    }
}

/// The answer one selection rule picks at one budget, graded.
public struct SelectionOutcome: Sendable, Hashable, Codable {
    /// The budget n.
    public var budget: Int
    /// The rule's name (`majority`, `prm-last-vote`, …).
    public var rule: String
    /// The chosen answer, or `nil` when no candidate had one.
    public var answer: String?
    /// Whether it is correct.
    public var correct: Bool

    /// Creates an outcome.
    public init(budget: Int, rule: String, answer: String?, correct: Bool) {
        self.budget = budget
        self.rule = rule
        self.answer = answer
        self.correct = correct
    }
}

/// The compute attributed to one budget of a run (see ``Subsample``).
public struct BudgetCost: Sendable, Hashable, Codable {
    /// The budget n.
    public var budget: Int
    /// How many candidates the budget uses.
    public var candidates: Int
    /// The policy's tokens and FLOPs.
    public var policy: AttributedCompute
    /// The verifier's tokens and FLOPs (zero for a verifier without a model of its own).
    public var verifier: AttributedCompute
    /// Wall-clock seconds: measured at the run's own budget, attributed below it.
    public var wallSeconds: Double

    /// Creates a cost.
    public init(
        budget: Int, candidates: Int, policy: AttributedCompute, verifier: AttributedCompute, wallSeconds: Double
    ) {
        self.budget = budget
        self.candidates = candidates
        self.policy = policy
        self.verifier = verifier
        self.wallSeconds = wallSeconds
    }

    /// Policy plus verifier FLOPs.
    public var totalFLOPs: Double { policy.flops + verifier.flops }
}

/// One model's tokens, FLOPs and time, possibly a fraction of a measured run.
public struct AttributedCompute: Sendable, Hashable, Codable {
    /// Prompt tokens evaluated.
    public var promptTokensEvaluated: Double
    /// Prompt tokens reused from a cache.
    public var promptTokensReused: Double
    /// Tokens generated.
    public var generatedTokens: Double
    /// Estimated FLOPs: 2 × parameters × (evaluated + generated).
    public var flops: Double
    /// Seconds spent waiting on the model.
    public var seconds: Double

    /// Creates a record.
    public init(
        promptTokensEvaluated: Double, promptTokensReused: Double, generatedTokens: Double, flops: Double,
        seconds: Double
    ) {
        self.promptTokensEvaluated = promptTokensEvaluated
        self.promptTokensReused = promptTokensReused
        self.generatedTokens = generatedTokens
        self.flops = flops
        self.seconds = seconds
    }

    /// Nothing.
    public static let zero = AttributedCompute(
        promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: 0, flops: 0, seconds: 0)

    /// `share` of a measured record: tokens, FLOPs and seconds scaled alike.
    public init(_ compute: ModelCompute?, share: Double) {
        guard let compute else {
            self = .zero
            return
        }
        self.init(
            promptTokensEvaluated: Double(compute.usage.promptTokensEvaluated) * share,
            promptTokensReused: Double(compute.usage.promptTokensReused) * share,
            generatedTokens: Double(compute.usage.generatedTokens) * share,
            flops: compute.flops * share, seconds: compute.seconds * share)
    }

    /// Tokens that went through the model (evaluated plus generated).
    public var processedTokens: Double { promptTokensEvaluated + generatedTokens }
}
