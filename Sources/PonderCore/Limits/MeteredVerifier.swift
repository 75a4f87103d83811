/// A verifier whose scoring counts against a ``SearchGuard`` (its FLOPs, when it has a model of its own).
/// Scoring is never cut short: a search needs the scores of what it generated to pick its best answer.
struct MeteredVerifier: ProcessRewardModel {
    let base: any ProcessRewardModel
    let searchGuard: SearchGuard

    var name: String { base.name }
    var descriptor: ModelDescriptor? { base.descriptor }

    func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        let scores = try await base.scoreSteps(requests)
        count(scores.reduce(0) { $0 + $1.usage.processedTokens })
        return scores
    }

    func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        let scores = try await base.scoreOutcomes(requests)
        count(scores.reduce(0) { $0 + $1.usage.processedTokens })
        return scores
    }

    private func count(_ tokens: Int) {
        guard let parameters = base.descriptor?.parameterCount, tokens > 0 else { return }
        searchGuard.commit(nil, flops: 2 * Double(parameters) * Double(tokens))
    }
}
