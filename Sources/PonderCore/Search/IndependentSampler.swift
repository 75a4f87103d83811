/// Samples N complete solutions of one problem in a single policy call: the shared core of CoT,
/// majority vote and Best-of-N.
struct IndependentSampler: Sendable {
    var count: Int
    var parameters: SamplingParameters
    /// The index of the first sample: a sampler that continues another draws samples `firstSample...` with
    /// their own seeds, so together they draw exactly what one sampler of the whole count would.
    var firstSample = 0

    /// The sampled solutions and their continuations.
    struct Output: Sendable {
        var solutions: [PartialSolution]
        var continuations: [Continuation]
    }

    /// The reporter of a search made of this sampler's one call: its cap is `count` solutions of
    /// `maxTokens` each.
    func reporter(strategy: String, in context: SearchContext) -> SearchProgressReporter {
        SearchProgressReporter(
            strategy: strategy, budget: count, tokenCap: count * parameters.maxTokens, handler: context.progress)
    }

    func sample(
        _ problem: Problem, in context: SearchContext, meter: inout PolicyMeter, reporter: SearchProgressReporter
    ) async throws -> Output {
        let descriptor = context.policy.descriptor
        guard count <= descriptor.maxParallelSequences else {
            throw PonderError.budgetTooLarge(count, maximum: descriptor.maxParallelSequences, model: descriptor.name)
        }
        let prompt = try await meter.renderPrompt(context.promptStyle.messages(for: problem))
        let root = PartialSolution(prompt: prompt)
        let requests = (0..<count).map {
            ContinuationRequest(solution: root, extent: .toEnd, seed: parameters.seed(forSample: firstSample + $0))
        }
        let continuations = try await meter.continueSolutions(
            requests, parameters: parameters, reporter: reporter)
        return Output(solutions: continuations.map { root.appending($0.steps) }, continuations: continuations)
    }
}
