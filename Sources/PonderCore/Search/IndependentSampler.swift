/// Samples N complete solutions of one problem in a single policy call: the shared core of CoT,
/// majority vote and Best-of-N.
struct IndependentSampler: Sendable {
    var count: Int
    var parameters: SamplingParameters

    /// The sampled solutions and their continuations.
    struct Output: Sendable {
        var solutions: [PartialSolution]
        var continuations: [Continuation]
    }

    func sample(_ problem: Problem, in context: SearchContext, meter: inout PolicyMeter) async throws -> Output {
        let descriptor = context.policy.descriptor
        guard count <= descriptor.maxParallelSequences else {
            throw PonderError.budgetTooLarge(count, maximum: descriptor.maxParallelSequences, model: descriptor.name)
        }
        let prompt = try await meter.renderPrompt(context.promptStyle.messages(for: problem))
        let root = PartialSolution(prompt: prompt)
        let requests = (0..<count).map {
            ContinuationRequest(solution: root, extent: .toEnd, seed: parameters.seed(forSample: $0))
        }
        let continuations = try await meter.continueSolutions(
            requests, parameters: parameters, progress: context.progress)
        return Output(solutions: continuations.map { root.appending($0.steps) }, continuations: continuations)
    }
}
