import Foundation
import GRDB
import PonderCore

/// A row of `run`.
struct RunRow: Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"

    /// The columns, snake_case (see ``StoreSchema``); the only place the code spells them.
    enum CodingKeys: String, CodingKey, CaseIterable, ColumnExpression {
        case id
        case dataset
        case problemID = "problem_id"
        case policy
        case verifier
        case strategy
        case budget
        case seed
        case parameters
        case gold
        case level
        case subject
        case beamWidth = "beam_width"
        case policyModel = "policy_model"
        case policyParameterCount = "policy_parameter_count"
        case policyPromptTokensEvaluated = "policy_prompt_tokens_evaluated"
        case policyPromptTokensReused = "policy_prompt_tokens_reused"
        case policyGeneratedTokens = "policy_generated_tokens"
        case policySeconds = "policy_seconds"
        case verifierModel = "verifier_model"
        case verifierParameterCount = "verifier_parameter_count"
        case verifierPromptTokensEvaluated = "verifier_prompt_tokens_evaluated"
        case verifierPromptTokensReused = "verifier_prompt_tokens_reused"
        case verifierGeneratedTokens = "verifier_generated_tokens"
        case verifierSeconds = "verifier_seconds"
        case wallSeconds = "wall_seconds"
        case candidateCount = "candidate_count"
        case correctCandidates = "correct_candidates"
        case finishedAt = "finished_at"
        case stopReason = "stop_reason"
        case samplesSpent = "samples_spent"
        case plan
    }

    /// The columns, for queries.
    typealias Columns = CodingKeys

    var id: Int64?
    var dataset: String
    var problemID: String
    var policy: String
    var verifier: String
    var strategy: String
    var budget: Int
    var seed: Int64
    var parameters: String
    var gold: String
    var level: Int?
    var subject: String?
    var beamWidth: Int?
    var policyModel: String
    var policyParameterCount: Int64
    var policyPromptTokensEvaluated: Int
    var policyPromptTokensReused: Int
    var policyGeneratedTokens: Int
    var policySeconds: Double
    var verifierModel: String?
    var verifierParameterCount: Int64?
    var verifierPromptTokensEvaluated: Int?
    var verifierPromptTokensReused: Int?
    var verifierGeneratedTokens: Int?
    var verifierSeconds: Double?
    var wallSeconds: Double
    var candidateCount: Int
    var correctCandidates: Int
    var finishedAt: Date
    /// Schema version 4 (`stop_reason`, `samples_spent`); `NULL` for runs stored before.
    var stopReason: String?
    var samplesSpent: Int?
    /// Schema version 5: an `auto` run's ``PlanReport``, stored as JSON like the candidates' steps; `NULL` for other
    /// strategies and older runs.
    var plan: PlanReport?

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(_ record: ProblemRunRecord) {
        let key = record.key
        let policy = record.accounting.policy
        let verifier = record.accounting.verifier
        self.id = nil
        self.dataset = key.dataset
        self.problemID = key.problemID
        self.policy = key.policy
        self.verifier = key.verifier
        self.strategy = key.strategy
        self.budget = key.budget
        self.seed = Int64(key.seed)
        self.parameters = key.parameters
        self.gold = record.gold
        self.level = record.level
        self.subject = record.subject
        self.beamWidth = record.beamWidth
        self.policyModel = policy.model
        self.policyParameterCount = Int64(clamping: policy.parameterCount)
        self.policyPromptTokensEvaluated = policy.usage.promptTokensEvaluated
        self.policyPromptTokensReused = policy.usage.promptTokensReused
        self.policyGeneratedTokens = policy.usage.generatedTokens
        self.policySeconds = policy.seconds
        self.verifierModel = verifier?.model
        self.verifierParameterCount = verifier.map { Int64(clamping: $0.parameterCount) }
        self.verifierPromptTokensEvaluated = verifier?.usage.promptTokensEvaluated
        self.verifierPromptTokensReused = verifier?.usage.promptTokensReused
        self.verifierGeneratedTokens = verifier?.usage.generatedTokens
        self.verifierSeconds = verifier?.seconds
        self.wallSeconds = record.accounting.wallSeconds
        self.candidateCount = record.candidates.count
        self.correctCandidates = record.correctCandidates
        self.finishedAt = record.finishedAt
        self.stopReason = record.stopReason?.rawValue
        self.samplesSpent = record.samplesSpent
        self.plan = record.plan
    }

    var key: RunKey {
        RunKey(
            dataset: dataset, problemID: problemID, policy: policy, verifier: verifier, strategy: strategy,
            budget: budget, seed: UInt32(truncatingIfNeeded: seed), parameters: parameters)
    }

    var accounting: ComputeAccounting {
        let policyCompute = ModelCompute(
            model: policyModel, parameterCount: UInt64(max(policyParameterCount, 0)),
            usage: TokenUsage(
                promptTokensEvaluated: policyPromptTokensEvaluated, promptTokensReused: policyPromptTokensReused,
                generatedTokens: policyGeneratedTokens),
            seconds: policySeconds)
        let verifierCompute = verifierModel.map { model in
            ModelCompute(
                model: model, parameterCount: UInt64(max(verifierParameterCount ?? 0, 0)),
                usage: TokenUsage(
                    promptTokensEvaluated: verifierPromptTokensEvaluated ?? 0,
                    promptTokensReused: verifierPromptTokensReused ?? 0,
                    generatedTokens: verifierGeneratedTokens ?? 0),
                seconds: verifierSeconds ?? 0)
        }
        return ComputeAccounting(policy: policyCompute, verifier: verifierCompute, wallSeconds: wallSeconds)
    }
}

/// A row of `candidate`; steps and step scores are JSON arrays.
struct CandidateRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "candidate"

    /// The columns, snake_case (see ``StoreSchema``); the only place the code spells them.
    enum CodingKeys: String, CodingKey, CaseIterable, ColumnExpression {
        case runID = "run_id"
        case position
        case subtree
        case text
        case steps
        case stepScores = "step_scores"
        case outcomeScore = "outcome_score"
        case answer
        case answerRule = "answer_rule"
        case correct
        case generatedTokens = "generated_tokens"
        case promptTokensEvaluated = "prompt_tokens_evaluated"
        case promptTokensReused = "prompt_tokens_reused"
        case finishReason = "finish_reason"
        case stepLogProbabilities = "step_log_probabilities"
    }

    /// The columns, for queries.
    typealias Columns = CodingKeys

    var runID: Int64
    var position: Int
    var subtree: Int?
    var text: String
    var steps: [String]
    var stepScores: [Double]?
    /// Schema version 2; absent from a version-1 file, which decodes it as `nil`.
    var outcomeScore: Double?
    var answer: String?
    var answerRule: String?
    var correct: Bool
    var generatedTokens: Int
    var promptTokensEvaluated: Int
    var promptTokensReused: Int
    var finishReason: String
    /// Schema version 6: one JSON array of token log-probabilities per step; `NULL` before, and for policies that
    /// report none.
    var stepLogProbabilities: [[Float]]?

    init(runID: Int64, _ candidate: CandidateRecord) {
        self.runID = runID
        self.position = candidate.position
        self.subtree = candidate.subtree
        self.text = candidate.text
        self.steps = candidate.steps
        self.stepScores = candidate.stepScores
        self.outcomeScore = candidate.outcomeScore
        self.answer = candidate.answer
        self.answerRule = candidate.answerRule
        self.correct = candidate.correct
        self.generatedTokens = candidate.generatedTokens
        self.promptTokensEvaluated = candidate.usage.promptTokensEvaluated
        self.promptTokensReused = candidate.usage.promptTokensReused
        self.finishReason = candidate.finishReason
        self.stepLogProbabilities = candidate.stepLogProbabilities.flatMap(Self.storable)
    }

    /// `values` as JSON can hold them: JSON has no infinities or NaN. −∞ (a token given no probability) is stored
    /// as the lowest finite `Float`, which self-certainty turns into 0 as it does −∞; a NaN drops the
    /// candidate's log-probabilities.
    static func storable(_ values: [[Float]]) -> [[Float]]? {
        guard !values.joined().contains(where: \.isNaN) else { return nil }
        return values.map { step in
            step.map { $0.isFinite ? $0 : ($0 < 0 ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude) }
        }
    }

    var record: CandidateRecord {
        CandidateRecord(
            position: position, subtree: subtree, text: text, steps: steps, stepScores: stepScores, answer: answer,
            answerRule: answerRule, correct: correct, generatedTokens: generatedTokens,
            usage: TokenUsage(
                promptTokensEvaluated: promptTokensEvaluated, promptTokensReused: promptTokensReused,
                generatedTokens: generatedTokens),
            finishReason: finishReason, outcomeScore: outcomeScore, stepLogProbabilities: stepLogProbabilities)
    }
}

/// A row of `selection`.
struct SelectionRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "selection"

    /// The columns, snake_case (see ``StoreSchema``); the only place the code spells them.
    enum CodingKeys: String, CodingKey, CaseIterable, ColumnExpression {
        case runID = "run_id"
        case budget
        case rule
        case answer
        case correct
    }

    /// The columns, for queries.
    typealias Columns = CodingKeys

    var runID: Int64
    var budget: Int
    var rule: String
    var answer: String?
    var correct: Bool

    init(runID: Int64, _ outcome: SelectionOutcome) {
        self.runID = runID
        self.budget = outcome.budget
        self.rule = outcome.rule
        self.answer = outcome.answer
        self.correct = outcome.correct
    }

    var outcome: SelectionOutcome { SelectionOutcome(budget: budget, rule: rule, answer: answer, correct: correct) }
}

/// A row of `cost`.
struct CostRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cost"

    /// The columns, snake_case (see ``StoreSchema``); the only place the code spells them.
    enum CodingKeys: String, CodingKey, CaseIterable, ColumnExpression {
        case runID = "run_id"
        case budget
        case candidates
        case policyPromptTokensEvaluated = "policy_prompt_tokens_evaluated"
        case policyPromptTokensReused = "policy_prompt_tokens_reused"
        case policyGeneratedTokens = "policy_generated_tokens"
        case policyFLOPs = "policy_flops"
        case policySeconds = "policy_seconds"
        case verifierPromptTokensEvaluated = "verifier_prompt_tokens_evaluated"
        case verifierPromptTokensReused = "verifier_prompt_tokens_reused"
        case verifierGeneratedTokens = "verifier_generated_tokens"
        case verifierFLOPs = "verifier_flops"
        case verifierSeconds = "verifier_seconds"
        case wallSeconds = "wall_seconds"
    }

    /// The columns, for queries.
    typealias Columns = CodingKeys

    var runID: Int64
    var budget: Int
    var candidates: Int
    var policyPromptTokensEvaluated: Double
    var policyPromptTokensReused: Double
    var policyGeneratedTokens: Double
    var policyFLOPs: Double
    var policySeconds: Double
    var verifierPromptTokensEvaluated: Double
    var verifierPromptTokensReused: Double
    var verifierGeneratedTokens: Double
    var verifierFLOPs: Double
    var verifierSeconds: Double
    var wallSeconds: Double

    init(runID: Int64, _ cost: BudgetCost) {
        self.runID = runID
        self.budget = cost.budget
        self.candidates = cost.candidates
        self.policyPromptTokensEvaluated = cost.policy.promptTokensEvaluated
        self.policyPromptTokensReused = cost.policy.promptTokensReused
        self.policyGeneratedTokens = cost.policy.generatedTokens
        self.policyFLOPs = cost.policy.flops
        self.policySeconds = cost.policy.seconds
        self.verifierPromptTokensEvaluated = cost.verifier.promptTokensEvaluated
        self.verifierPromptTokensReused = cost.verifier.promptTokensReused
        self.verifierGeneratedTokens = cost.verifier.generatedTokens
        self.verifierFLOPs = cost.verifier.flops
        self.verifierSeconds = cost.verifier.seconds
        self.wallSeconds = cost.wallSeconds
    }

    var cost: BudgetCost {
        BudgetCost(
            budget: budget, candidates: candidates,
            policy: AttributedCompute(
                promptTokensEvaluated: policyPromptTokensEvaluated, promptTokensReused: policyPromptTokensReused,
                generatedTokens: policyGeneratedTokens, flops: policyFLOPs, seconds: policySeconds),
            verifier: AttributedCompute(
                promptTokensEvaluated: verifierPromptTokensEvaluated, promptTokensReused: verifierPromptTokensReused,
                generatedTokens: verifierGeneratedTokens, flops: verifierFLOPs, seconds: verifierSeconds),
            wallSeconds: wallSeconds)
    }
}
