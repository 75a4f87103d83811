/// Turns finished solutions into a ``SearchResult``: extracts answers, tallies votes, adds up the cost.
struct ResultAssembler: Sendable {
    var strategy: String
    var budget: Int
    var rule: SelectionRule
    /// Whether the rule reads step scores or outcome scores.
    var mode: VerifierMode = .step

    /// One finished solution.
    struct Entry: Sendable {
        var solution: PartialSolution
        var finishReason: FinishReason
        var usage: TokenUsage
        var stepScores: [Double]?
        var subtree: Int? = nil
        /// The trace node of the solution's last step (tree search).
        var node: Int? = nil
        var outcomeScore: Double? = nil

        /// The scores the selection rule aggregates: the step scores, or in outcome mode the one outcome score.
        func selectionScores(_ mode: VerifierMode) -> [Double]? {
            mode == .outcome ? outcomeScore.map { [$0] } : stepScores
        }
    }

    func assemble(
        problem: Problem,
        entries: [Entry],
        grader: any AnswerGrader,
        policy: ModelCompute,
        verifier: ModelCompute?,
        started: ContinuousClock.Instant,
        ruleStop: SearchResult.StopReason? = nil,
        voters: Int? = nil
    ) -> SearchResult {
        var candidates: [Candidate] = []
        for (index, entry) in entries.enumerated() {
            let text = entry.solution.text
            candidates.append(
                Candidate(
                    index: index,
                    text: text,
                    steps: entry.solution.steps.map(\.text),
                    answer: Self.answer(of: text, finish: entry.finishReason, grader: grader),
                    stepScores: entry.stepScores,
                    score: entry.selectionScores(mode).map { rule.aggregation.aggregate($0) },
                    generatedTokens: entry.solution.generatedTokenCount,
                    finishReason: entry.finishReason,
                    usage: entry.usage,
                    subtree: entry.subtree,
                    traceNode: entry.node, outcomeScore: entry.outcomeScore,
                    stepLogProbabilities: Self.logProbabilities(of: entry.solution.steps)
                ))
        }
        // Only the first `voters` candidates vote (a rule that stopped in sample order decided on those).
        let votes = VoteTable(
            answers: candidates.map { $0.index < voters ?? candidates.count ? $0.answer?.text : nil },
            stepScores: entries.map { $0.selectionScores(mode) },
            rule: rule,
            grader: grader)
        let cancelled = candidates.contains { $0.finishReason == .cancelled }
        return SearchResult(
            problem: problem,
            strategy: strategy,
            budget: budget,
            answer: votes.answer,
            candidates: candidates,
            votes: votes,
            accounting: ComputeAccounting(
                policy: policy, verifier: verifier, wallSeconds: (ContinuousClock.now - started).seconds),
            stopReason: ruleStop ?? (cancelled ? .cancelled : .completed),
            samplesSpent: voters
        )
    }

    /// The log-probabilities of `steps`' tokens, one array per step; `nil` when no step has any (a policy that
    /// reports none).
    static func logProbabilities(of steps: [Step]) -> [[Float]]? {
        steps.contains { !$0.tokenLogProbabilities.isEmpty } ? steps.map(\.tokenLogProbabilities) : nil
    }

    /// The answer a candidate states. Fallback rules (its last line, its last number) read only text that
    /// ended on its own: a solution cut at a token limit, cancelled or failed has stated no answer unless it
    /// did so explicitly (a box, an answer marker) before it stopped, and its last number is wherever it
    /// stopped ("To solve the problem of finding \(1").
    static func answer(of text: String, finish: FinishReason, grader: any AnswerGrader) -> ExtractedAnswer? {
        guard let answer = grader.extractAnswer(from: text) else { return nil }
        return answer.rule.isExplicit || finish == .endOfGeneration ? answer : nil
    }

    /// Entries for independently sampled solutions.
    static func entries(
        _ output: IndependentSampler.Output, stepScores: [[Double]]? = nil, outcomeScores: [Double]? = nil
    ) -> [Entry] {
        output.solutions.indices.map { index in
            Entry(
                solution: output.solutions[index],
                finishReason: output.continuations[index].finishReason,
                usage: output.continuations[index].usage,
                stepScores: stepScores?[index],
                outcomeScore: outcomeScores?[index])
        }
    }

    /// `entries` with the outcome score of each whole solution, scored in one verifier call (cancelled
    /// entries, which stated no finished solution, are not scored).
    static func scoringOutcomes(
        _ entries: [Entry], problem: Problem, verifier: inout VerifierMeter
    ) async throws -> [Entry] {
        let judged = entries.indices.filter { entries[$0].finishReason != .cancelled }
        let scores = try await verifier.scoreOutcomes(
            judged.map { OutcomeScoringRequest(problem: problem, steps: entries[$0].solution.steps) })
        var entries = entries
        for (index, score) in zip(judged, scores) { entries[index].outcomeScore = score.score }
        return entries
    }
}
