import Synchronization

extension IndependentSampler {
    /// What streamed sampling produced: the entries in the order their samples finished (cancelled ones
    /// last, in sample order), why a stopping rule stopped it (`settled`, `dispersed`; `nil` when none did),
    /// and the cost.
    struct Stream: Sendable {
        var entries: [ResultAssembler.Entry]
        var ruleStop: SearchResult.StopReason?
        var policy: ModelCompute
        var verifier: ModelCompute?
    }

    /// How streamed samples are scored (Best-of-N): each finished sample right after it finishes.
    struct Scoring: Sendable {
        /// Step or outcome scores.
        var mode: VerifierMode
        /// How step scores become the score a weighted stopping rule reads.
        var aggregation: ScoreAggregation
    }

    /// The streamed samples' progress: tokens per sample and samples finished, reported as one call's.
    private final class StreamProgress: Sendable {
        private let state: Mutex<(tokens: [Int], finished: Int)>
        private let reporter: SearchProgressReporter

        init(count: Int, reporter: SearchProgressReporter) {
            self.state = Mutex((Array(repeating: 0, count: count), 0))
            self.reporter = reporter
        }

        func update(_ sample: Int, tokens: Int, report: Bool = true) {
            let snapshot = state.withLock { state in
                state.tokens[sample] = tokens
                return state
            }
            if report {
                reporter.samples(
                    requests: snapshot.tokens.count, finished: snapshot.finished,
                    generatedTokens: snapshot.tokens.reduce(0, +))
            }
        }

        func sampleFinished() {
            let snapshot = state.withLock { state in
                state.finished += 1
                return state
            }
            reporter.samples(
                requests: snapshot.tokens.count, finished: snapshot.finished,
                generatedTokens: snapshot.tokens.reduce(0, +))
        }
    }

    /// One sample's call, and its scoring.
    private struct Sample: Sendable {
        var index: Int
        var entry: ResultAssembler.Entry
        var policy: ModelCompute
        var verifier: ModelCompute?
    }

    /// Samples N solutions as N concurrent single-request calls, so each sample is seen as soon as it
    /// finishes; after each, `rule` (if any) decides on the finished samples' answers, and when it fires the
    /// samples still running are cancelled at once and released from the backend's cache.
    ///
    /// The embedded engine batches concurrent calls into one decode step (continuous batching), so the N
    /// calls decode together as one call with N requests would, and each later call starts from the
    /// prompt the first one cached (its usage shows the prompt as reused). Remote backends serve the calls
    /// concurrently, as they serve one call's requests.
    func stream(
        _ problem: Problem,
        in context: SearchContext,
        rule: StoppingRule?,
        scoring: Scoring?,
        reporter: SearchProgressReporter
    ) async throws -> Stream {
        let descriptor = context.policy.descriptor
        guard count <= descriptor.maxParallelSequences else {
            throw PonderError.budgetTooLarge(count, maximum: descriptor.maxParallelSequences, model: descriptor.name)
        }
        var policyMeter = PolicyMeter(context.policy)
        let prompt = try await policyMeter.renderPrompt(context.promptStyle.messages(for: problem))
        let root = PartialSolution(prompt: prompt)
        let started = ContinuousClock.now
        let progress = StreamProgress(count: count, reporter: reporter)
        let parameters = self.parameters
        let count = self.count

        var finished: [ResultAssembler.Entry] = []
        var cancelled: [(index: Int, entry: ResultAssembler.Entry)] = []
        var verifierMeter = VerifierMeter(context.verifier)
        var ruleStop: SearchResult.StopReason?
        try await withThrowingTaskGroup(of: Sample.self) { group in
            for index in 0..<count {
                let request = ContinuationRequest(
                    solution: root, extent: .toEnd, seed: parameters.seed(forSample: index))
                group.addTask {
                    var meter = PolicyMeter(context.policy)
                    let continuation =
                        try await meter.continueSolutions(
                            [request], parameters: parameters,
                            progress: { progress.update(index, tokens: $0.generatedTokens) }
                        ).first ?? Continuation(steps: [], finishReason: .cancelled, usage: .zero)
                    progress.update(index, tokens: continuation.usage.generatedTokens, report: false)
                    var entry = ResultAssembler.Entry(
                        solution: root.appending(continuation.steps), finishReason: continuation.finishReason,
                        usage: continuation.usage)
                    var verifier: ModelCompute?
                    if let scoring, continuation.finishReason != .cancelled, !Task.isCancelled {
                        var scorer = VerifierMeter(context.verifier)
                        do {
                            try await Self.score(&entry, problem: problem, mode: scoring.mode, verifier: &scorer)
                        } catch  where Task.isCancelled {
                            // Cancelled while scoring: the sample stays, unscored.
                        }
                        verifier = scorer.compute
                    }
                    return Sample(index: index, entry: entry, policy: meter.compute, verifier: verifier)
                }
            }
            while let sample = try await group.next() {
                policyMeter.absorb(sample.policy)
                verifierMeter.absorb(sample.verifier)
                guard sample.entry.finishReason != .cancelled else {
                    cancelled.append((sample.index, sample.entry))
                    continue
                }
                finished.append(sample.entry)
                if let rule, ruleStop == nil, finished.count < count {
                    let decision = rule.decide(
                        answers: finished.map {
                            ResultAssembler.answer(
                                of: $0.solution.text, finish: $0.finishReason, grader: context.grader)?
                                .text
                        },
                        scores: finished.map { entry in
                            entry.selectionScores(scoring?.mode ?? .step).map {
                                (scoring?.aggregation ?? .last).aggregate($0)
                            }
                        },
                        budget: count, grader: context.grader)
                    if let reason = decision.stopReason {
                        ruleStop = reason
                        group.cancelAll()
                    }
                }
                progress.sampleFinished()
            }
        }
        policyMeter.addSeconds((ContinuousClock.now - started).seconds)
        cancelled.sort { $0.index < $1.index }
        // Cancelled samples will not be continued: free their sequences now.
        try await policyMeter.release(cancelled.map(\.entry.solution), keeping: [])
        return Stream(
            entries: finished + cancelled.map(\.entry), ruleStop: ruleStop, policy: policyMeter.compute,
            verifier: verifierMeter.compute)
    }

    /// Scores one finished sample's steps (all in one request) or its whole solution.
    private static func score(
        _ entry: inout ResultAssembler.Entry, problem: Problem, mode: VerifierMode, verifier: inout VerifierMeter
    ) async throws {
        switch mode {
        case .step:
            let scores = try await verifier.scoreSteps([
                StepScoringRequest(problem: problem, steps: entry.solution.steps, firstStep: 0)
            ])
            entry.stepScores = scores.first?.scores
        case .outcome:
            let scores = try await verifier.scoreOutcomes([
                OutcomeScoringRequest(problem: problem, steps: entry.solution.steps)
            ])
            entry.outcomeScore = scores.first?.score
        }
    }
}
