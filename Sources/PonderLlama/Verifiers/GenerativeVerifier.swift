import Foundation
public import PonderCore

/// "LLM as PRM": an instruct model judges the newest step of a path, given the problem and the steps
/// before it; the score is P(Yes) / (P(Yes) + P(No)) from its next-token logits.
///
/// Steps are listed as `Step i: …` lines with the judged step last, so the prompts of siblings share
/// everything up to the judged step, and a path judged again one step deeper reuses its earlier lines
/// from the KV cache.
///
/// As an outcome judge (``scoreOutcomes(_:)``) it reads the problem and a whole solution with an
/// ``OutcomeJudgePrompt`` and answers whether the final answer is correct: one pass per solution, all of a
/// call's solutions in one batch.
public struct GenerativeVerifier: ProcessRewardModel {
    /// The system message of the judging prompt (``JudgePrompt/systemPrompt``).
    public static var systemPrompt: String { JudgePrompt.systemPrompt }

    /// The engine running the judge.
    public let engine: LlamaEngine
    /// The prompt of outcome judging.
    public let outcomePrompt: OutcomeJudgePrompt
    private let yes: TokenID
    private let no: TokenID

    /// Creates the verifier.
    ///
    /// - Throws: ``LlamaError`` when the model has no chat template (and none was configured), or does not
    ///   spell `Yes` and `No` as single tokens. Nothing is decoded.
    public init(engine: LlamaEngine, outcomePrompt: OutcomeJudgePrompt = .default) throws {
        (yes, no) = try Self.labels(of: engine.model, chatTemplate: engine.configuration.chatTemplate)
        self.engine = engine
        self.outcomePrompt = outcomePrompt
    }

    /// The Yes and No tokens of `model`, after checking it can judge: a chat template (its own or
    /// `chatTemplate`) and single-token labels. Works on an inspected model (``LlamaModel/inspect(_:)``).
    ///
    /// - Throws: ``LlamaError`` naming what is missing.
    public static func labels(of model: LlamaModel, chatTemplate: String?) throws -> (yes: TokenID, no: TokenID) {
        if chatTemplate == nil, model.chatTemplate == nil {
            throw LlamaError.noChatTemplate(model: model.name)
        }
        guard let yes = model.singleToken(JudgePrompt.yes), let no = model.singleToken(JudgePrompt.no) else {
            throw LlamaError.verifierFormat("Model '\(model.name)' does not spell 'Yes' and 'No' as single tokens")
        }
        return (yes, no)
    }

    /// `generative`, or with an outcome prompt other than the default `generative/<variant>`, so results keys
    /// keep judges with different prompts apart.
    public var name: String { outcomePrompt == .default ? "generative" : "generative/\(outcomePrompt.name)" }
    public var descriptor: ModelDescriptor? { engine.descriptor }

    /// Judges every unscored step of every request, in waves by step: all first steps, then all second steps,
    /// and so on, each wave one call to the engine. A step's prompt extends the previous step's up to its
    /// question, so each wave starts from the sequences the previous one left cached and evaluates only the
    /// new step and the question: a whole path costs about one pass over its text, not one per step (read in
    /// one call, a path's prompts would all start before any of them is cached).
    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        var results = requests.map { _ in StepScores(scores: []) }
        let deepest = requests.map(\.steps.count).max() ?? 0
        for step in 0..<deepest {
            let owners = requests.indices.filter { requests[$0].firstStep <= step && step < requests[$0].steps.count }
            guard !owners.isEmpty else { continue }
            let readouts = try owners.map { owner in
                try readout(
                    Self.messages(
                        problem: requests[owner].problem, steps: requests[owner].steps.prefix(step + 1).map(\.text)))
            }
            for (owner, result) in zip(owners, try await engine.readLabels(readouts)) {
                results[owner].scores.append(LabelSoftmax.probabilityOfFirst(result.logits.first ?? []))
                results[owner].usage += result.usage
            }
        }
        return results
    }

    /// Judges each whole solution once with ``outcomePrompt``: P(Yes) / (P(Yes) + P(No)), all solutions in one
    /// batch of the engine.
    public func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        let readouts = try requests.map {
            try readout(outcomePrompt.messages(problem: $0.problem, steps: $0.steps.map(\.text)))
        }
        return try await engine.readLabels(readouts).map {
            OutcomeScore(score: LabelSoftmax.probabilityOfFirst($0.logits.first ?? []), usage: $0.usage)
        }
    }

    /// The readout of one judging conversation: P(Yes) against P(No) after its last token.
    private func readout(_ messages: [ChatMessage]) throws -> LabelReadout {
        try engine.readout(of: messages, labels: [yes, no])
    }

    /// The judging conversation for the last of `steps` (``JudgePrompt/messages(problem:steps:)``).
    public static func messages(problem: Problem, steps: [String]) -> [ChatMessage] {
        JudgePrompt.messages(problem: problem, steps: steps)
    }
}
