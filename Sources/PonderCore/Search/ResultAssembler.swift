/// Turns finished solutions into a ``SearchResult``: extracts answers, tallies votes, adds up the cost.
struct ResultAssembler: Sendable {
    var strategy: String
    var budget: Int
    var rule: SelectionRule

    /// One finished solution.
    struct Entry: Sendable {
        var solution: PartialSolution
        var finishReason: FinishReason
        var usage: TokenUsage
        var stepScores: [Double]?
        var subtree: Int? = nil
        /// The trace node of the solution's last step (tree search).
        var node: Int? = nil
    }

    func assemble(
        problem: Problem,
        entries: [Entry],
        grader: any AnswerGrader,
        policy: ModelCompute,
        verifier: ModelCompute?,
        started: ContinuousClock.Instant
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
                    score: entry.stepScores.map { rule.aggregation.aggregate($0) },
                    generatedTokens: entry.solution.generatedTokenCount,
                    finishReason: entry.finishReason,
                    usage: entry.usage,
                    subtree: entry.subtree,
                    traceNode: entry.node
                ))
        }
        let votes = VoteTable(
            answers: candidates.map { $0.answer?.text },
            stepScores: entries.map(\.stepScores),
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
            stopReason: cancelled ? .cancelled : .completed
        )
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
    static func entries(_ output: IndependentSampler.Output, stepScores: [[Double]]? = nil) -> [Entry] {
        output.solutions.indices.map { index in
            Entry(
                solution: output.solutions[index],
                finishReason: output.continuations[index].finishReason,
                usage: output.continuations[index].usage,
                stepScores: stepScores?[index])
        }
    }
}
