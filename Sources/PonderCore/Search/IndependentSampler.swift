/// Samples N complete solutions of one problem in a single policy call: the shared core of CoT,
/// majority vote and Best-of-N.
struct IndependentSampler: Sendable {
    var count: Int
    var parameters: SamplingParameters

    /// The sampled solutions, their continuations, and the policy's compute.
    struct Output: Sendable {
        var solutions: [PartialSolution]
        var continuations: [Continuation]
        var compute: ModelCompute
    }

    func sample(_ problem: Problem, in context: SearchContext) async throws -> Output {
        let descriptor = context.policy.descriptor
        guard count <= descriptor.maxParallelSequences else {
            throw PonderError.budgetTooLarge(count, maximum: descriptor.maxParallelSequences, model: descriptor.name)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let prompt = try await context.policy.renderPrompt(context.promptStyle.messages(for: problem))
        let root = PartialSolution(prompt: prompt)
        let requests = (0..<count).map {
            ContinuationRequest(solution: root, extent: .toEnd, seed: parameters.seed(forSample: $0))
        }
        let continuations = try await context.policy.continueSolutions(
            requests, parameters: parameters, progress: context.progress)
        var compute = ModelCompute(descriptor: descriptor)
        compute.usage = continuations.reduce(TokenUsage.zero) { $0 + $1.usage }
        compute.seconds = (clock.now - start).seconds
        return Output(
            solutions: continuations.map { root.appending($0.steps) },
            continuations: continuations,
            compute: compute
        )
    }
}

extension Duration {
    /// The duration in seconds.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
