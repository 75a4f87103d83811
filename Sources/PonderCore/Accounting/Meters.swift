/// Calls a policy and adds up what the calls cost.
struct PolicyMeter: Sendable {
    let policy: any PolicyModel
    private(set) var compute: ModelCompute

    init(_ policy: any PolicyModel) {
        self.policy = policy
        self.compute = ModelCompute(descriptor: policy.descriptor)
    }

    mutating func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        let start = ContinuousClock.now
        defer { compute.seconds += (ContinuousClock.now - start).seconds }
        return try await policy.renderPrompt(messages)
    }

    mutating func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        guard !requests.isEmpty else { return [] }
        let start = ContinuousClock.now
        defer { compute.seconds += (ContinuousClock.now - start).seconds }
        let continuations = try await policy.continueSolutions(requests, parameters: parameters, progress: progress)
        for continuation in continuations {
            compute.usage += continuation.usage
            if continuation.finishReason == .failed { compute.failedRequests += 1 }
        }
        return continuations
    }

    /// Continues the requests with `reporter` following the call from the start of the search.
    mutating func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        reporter: SearchProgressReporter
    ) async throws -> [Continuation] {
        let continuations = try await continueSolutions(
            requests, parameters: parameters, progress: reporter.callHandler())
        reporter.callEnded(generatedTokens: continuations.reduce(0) { $0 + $1.usage.generatedTokens })
        return continuations
    }

    /// Adds the tokens and failures another meter of the same policy counted (a concurrent call's), not its
    /// seconds: concurrent calls overlap, so the caller adds the wall time they took together.
    mutating func absorb(_ other: ModelCompute) {
        compute.usage += other.usage
        compute.failedRequests += other.failedRequests
    }

    /// Adds `seconds` spent waiting on the policy.
    mutating func addSeconds(_ seconds: Double) { compute.seconds += seconds }

    func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        guard !solutions.isEmpty else { return }
        try await policy.release(solutions, keeping: kept)
    }
}

/// Calls a verifier and adds up what the calls cost; `compute` is `nil` for a verifier without a model.
public struct VerifierMeter: Sendable {
    /// The verifier called.
    public let verifier: any ProcessRewardModel
    /// What the calls cost so far; `nil` for a verifier without a model.
    public private(set) var compute: ModelCompute?

    /// A meter that has counted nothing yet.
    public init(_ verifier: any ProcessRewardModel) {
        self.verifier = verifier
        self.compute = verifier.descriptor.map(ModelCompute.init(descriptor:))
    }

    /// Adds what another meter of the same verifier counted (a concurrent call's).
    mutating func absorb(_ other: ModelCompute?) {
        guard let other, compute != nil else { return }
        compute?.usage += other.usage
        compute?.seconds += other.seconds
        compute?.failedRequests += other.failedRequests
    }

    /// Scores the steps of every request, checking one score per step.
    ///
    /// - Throws: what the verifier throws; ``PonderError`` when it returns the wrong number of scores.
    public mutating func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        guard !requests.isEmpty else { return [] }
        let start = ContinuousClock.now
        let scores = try await verifier.scoreSteps(requests)
        guard scores.count == requests.count else {
            throw PonderError.verifierMismatch(verifier.name, expected: requests.count, got: scores.count)
        }
        for (request, result) in zip(requests, scores)
        where result.scores.count != request.steps.count - request.firstStep {
            throw PonderError.verifierMismatch(
                verifier.name, expected: request.steps.count - request.firstStep, got: result.scores.count)
        }
        if compute != nil {
            compute?.seconds += (ContinuousClock.now - start).seconds
            for result in scores {
                compute?.usage += result.usage
                if result.failed { compute?.failedRequests += 1 }
            }
        }
        return scores
    }

    /// Scores whole solutions once each, counted as verifier compute like step scores.
    ///
    /// - Throws: what the verifier throws; ``PonderError`` when it returns the wrong number of scores.
    public mutating func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        guard !requests.isEmpty else { return [] }
        let start = ContinuousClock.now
        let scores = try await verifier.scoreOutcomes(requests)
        guard scores.count == requests.count else {
            throw PonderError.verifierMismatch(verifier.name, expected: requests.count, got: scores.count)
        }
        if compute != nil {
            compute?.seconds += (ContinuousClock.now - start).seconds
            for result in scores {
                compute?.usage += result.usage
                if result.failed { compute?.failedRequests += 1 }
            }
        }
        return scores
    }
}
