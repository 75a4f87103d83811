/// A policy whose calls count against a ``SearchGuard``: each call's generated tokens count as they are
/// reported, its full usage when it returns; when the guard trips, calls in flight are cancelled (they end
/// with ``FinishReason/cancelled`` and what they generated) and new calls return cancelled at once.
struct GuardedPolicy: PolicyModel {
    let base: any PolicyModel
    let searchGuard: SearchGuard

    var descriptor: ModelDescriptor { base.descriptor }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        try await base.renderPrompt(messages)
    }

    func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        let unstarted = requests.map { _ in Continuation(steps: [], finishReason: .cancelled, usage: .zero) }
        guard searchGuard.reason == nil else { return unstarted }
        let call = searchGuard.beginCall()
        let flopsPerToken = 2 * Double(base.descriptor.parameterCount)
        let (base, searchGuard) = (self.base, self.searchGuard)
        let continuations = try await withThrowingTaskGroup(of: [Continuation]?.self) { group in
            group.addTask {
                try await base.continueSolutions(requests, parameters: parameters) { snapshot in
                    searchGuard.inFlight(call, flops: flopsPerToken * Double(snapshot.generatedTokens))
                    progress?(snapshot)
                }
            }
            group.addTask {
                await searchGuard.tripped()
                return nil
            }
            var output = unstarted
            while let finished = try await group.next() {
                // Whichever ends first (the call, or the guard tripping), the other is cancelled.
                group.cancelAll()
                if let finished { output = finished }
            }
            return output
        }
        let processed = continuations.reduce(0) { $0 + $1.usage.processedTokens }
        searchGuard.commit(call, flops: flopsPerToken * Double(processed))
        return continuations
    }

    func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        try await base.release(solutions, keeping: kept)
    }
}
