public import Foundation
public import PonderCore

/// Best-of-N on samples already drawn: a Best-of-N run at N scores the first N samples of the stored
/// majority-vote run of the same problem, policy, sampling and seed (at N or more) with the verifier, instead
/// of drawing N new ones, so a verifier can be compared with majority vote on the very same samples and the
/// policy's work is not repeated (`ponder eval --reuse-samples`).
///
/// Best-of-N and majority vote draw the same independent samples (sample i is seeded from the base seed and i
/// alone, as ``Subsample`` relies on), so the majority run's first N samples are what Best-of-N at N draws;
/// only the verifier runs. The run's policy compute is what those samples cost when they were drawn (their own
/// token usage, and a share N/M of the source run's seconds), so compute curves compare like with like; its
/// verifier compute is measured now; its wall time is the source's share plus the scoring. Answers are graded
/// again against the gold answer.
///
/// The store keeps each step's text and, since schema version 6, its tokens' log-probabilities, so verifiers that
/// read text (a generative judge, a PRM) score any stored samples, and self-certainty scores those stored with
/// their log-probabilities.
public enum SampleReuse {
    /// The strategy whose stored runs provide the samples.
    public static let sourceStrategy = StrategyKind.majority

    /// The steps `verifier` reads of each candidate: their texts, with the stored log-probabilities where there
    /// are any.
    ///
    /// - Throws: ``EvalError`` when `verifier` is self-certainty and a candidate was stored without them.
    static func steps(
        of candidates: [CandidateRecord], for verifier: any ProcessRewardModel, source: RunKey
    ) throws -> [[Step]] {
        try candidates.map { candidate in
            if let steps = candidate.stepsWithLogProbabilities { return steps }
            if verifier is SelfCertainty { throw EvalError.samplesWithoutLogProbabilities(source) }
            return candidate.steps.map { Step(text: $0, tokens: []) }
        }
    }

    /// The record of Best-of-N `configuration` on `problem`, scoring the first samples of `source`.
    ///
    /// - Throws: ``EvalError`` when `source` holds fewer than N samples, or self-certainty scores samples stored
    ///   without log-probabilities; what the verifier throws.
    static func record(
        from source: ProblemRunRecord, key: RunKey, configuration: RunConfiguration, problem: DatasetProblem,
        verifier: any ProcessRewardModel, builder: RecordBuilder, finishedAt: Date
    ) async throws -> ProblemRunRecord {
        let n = configuration.budget
        guard source.candidates.count >= n else { throw EvalError.missingSamples(key, source: source.key.strategy) }
        let started = ContinuousClock.now
        let statement = try problem.problem.validated()
        var candidates = Array(source.candidates.prefix(n))
        let steps = try Self.steps(of: candidates, for: verifier, source: source.key)
        var meter = VerifierMeter(verifier)
        switch configuration.verifierMode {
        case .step:
            let scores = try await meter.scoreSteps(
                steps.map { StepScoringRequest(problem: statement, steps: $0, firstStep: 0) })
            for index in candidates.indices { candidates[index].stepScores = scores[index].scores }
        case .outcome:
            let scores = try await meter.scoreOutcomes(
                steps.map { OutcomeScoringRequest(problem: statement, steps: $0) })
            for index in candidates.indices {
                candidates[index].stepScores = nil
                candidates[index].outcomeScore = scores[index].score
            }
        }
        for index in candidates.indices {
            candidates[index].correct = builder.isCorrect(candidates[index].answer, gold: problem.answer)
        }

        let share = Subsample.share(budget: n, runBudget: source.key.budget)
        var policy = source.accounting.policy
        if share < 1 {
            // Independent samples spend nothing outside themselves (the shared prompt is charged to the first).
            policy.usage = candidates.map(\.usage).reduce(TokenUsage.zero, +)
            policy.seconds *= share
        }
        let accounting = ComputeAccounting(
            policy: policy, verifier: meter.compute,
            wallSeconds: source.accounting.wallSeconds * share + (ContinuousClock.now - started).seconds)
        let calculator = OutcomeCalculator(voting: builder.voting)
        return ProblemRunRecord(
            key: key, gold: problem.answer, level: problem.level, subject: problem.subject, beamWidth: nil,
            accounting: accounting, candidates: candidates,
            selections: calculator.selections(
                candidates: candidates, strategy: .bestOfN, runBudget: n, beamWidth: nil,
                budgets: configuration.reportedBudgets, rules: configuration.rules, mode: configuration.verifierMode),
            costs: calculator.costs(
                candidates: candidates, strategy: .bestOfN, runBudget: n, beamWidth: nil,
                budgets: configuration.reportedBudgets, accounting: accounting),
            finishedAt: finishedAt, stopReason: .completed, samplesSpent: n)
    }
}
