/// Turns sampled solutions into a ``SearchResult``: extracts answers, tallies votes, adds up the cost.
struct ResultAssembler: Sendable {
    var strategy: String
    var budget: Int
    var rule: SelectionRule

    func assemble(
        problem: Problem,
        output: IndependentSampler.Output,
        scores: [Double]?,
        grader: any AnswerGrader,
        wallSeconds: Double
    ) -> SearchResult {
        var candidates: [Candidate] = []
        for (index, solution) in output.solutions.enumerated() {
            let continuation = output.continuations[index]
            let text = solution.text
            candidates.append(
                Candidate(
                    index: index,
                    text: text,
                    steps: solution.steps.map(\.text),
                    answer: grader.extractAnswer(from: text),
                    score: scores?[index],
                    generatedTokens: continuation.generatedTokenCount,
                    finishReason: continuation.finishReason,
                    usage: continuation.usage
                ))
        }
        let votes = VoteTable(
            answers: candidates.map { $0.answer?.text }, scores: candidates.map(\.score), rule: rule, grader: grader)
        let cancelled = candidates.contains { $0.finishReason == .cancelled }
        return SearchResult(
            problem: problem,
            strategy: strategy,
            budget: budget,
            answer: votes.answer,
            candidates: candidates,
            votes: votes,
            accounting: ComputeAccounting(policy: output.compute, wallSeconds: wallSeconds),
            stopReason: cancelled ? .cancelled : .completed
        )
    }
}
