import Synchronization

extension IndependentSampler {
    /// What streamed sampling produced: the finished entries in sample order (in the order they finished for a
    /// rule deciding in finish order), then the cancelled ones in sample order; why a stopping rule stopped it
    /// (`settled`, `dispersed`; `nil` when none did); how many leading entries the vote counts (`nil`: every
    /// finished one); and the cost.
    struct Stream: Sendable {
        var entries: [ResultAssembler.Entry]
        var ruleStop: SearchResult.StopReason?
        /// The samples the rule decided on when it stopped in sample order: the first `voters` entries.
        var voters: Int?
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
    /// finishes; `rule` (if any) then decides on the finished samples' answers (in sample order: on each
    /// longer run of samples 0..<k that have all finished; in finish order: on every finished sample), and when
    /// it fires the samples still running are cancelled at once and released from the backend's cache. A rule
    /// with a window W starts samples 0..<W, then the next one in sample order as each finishes, until the rule
    /// fires; samples it never started are not candidates.
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

        var finished: [(index: Int, entry: ResultAssembler.Entry)] = []
        var cancelled: [(index: Int, entry: ResultAssembler.Entry)] = []
        var verifierMeter = VerifierMeter(context.verifier)
        var ruleStop: SearchResult.StopReason?
        var voters: Int?
        // In sample order: finished samples by index, and how many leading samples the rule has seen.
        var waiting: [Int: ResultAssembler.Entry] = [:]
        var shown: [ResultAssembler.Entry] = []
        func decide(_ entries: [ResultAssembler.Entry], _ rule: StoppingRule) -> SearchResult.StopReason? {
            rule.decide(
                answers: entries.map {
                    ResultAssembler.answer(of: $0.solution.text, finish: $0.finishReason, grader: context.grader)?.text
                },
                scores: entries.map { entry in
                    entry.selectionScores(scoring?.mode ?? .step).map { (scoring?.aggregation ?? .last).aggregate($0) }
                },
                budget: count, grader: context.grader
            ).stopReason
        }
        // One sample's call, and its scoring once it finished.
        @Sendable func drawSample(_ index: Int) async throws -> Sample {
            let request = ContinuationRequest(
                solution: root, extent: .toEnd, seed: parameters.seed(forSample: index))
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
        try await withThrowingTaskGroup(of: Sample.self) { group in
            // Samples start in sample order, at most `window` in flight.
            var begun = min(rule?.window ?? count, count)
            for index in 0..<begun {
                group.addTask { try await drawSample(index) }
            }
            while let sample = try await group.next() {
                policyMeter.absorb(sample.policy)
                verifierMeter.absorb(sample.verifier)
                guard sample.entry.finishReason != .cancelled else {
                    cancelled.append((sample.index, sample.entry))
                    continue
                }
                finished.append((sample.index, sample.entry))
                if let rule, ruleStop == nil {
                    switch rule.order {
                    case .finish:
                        if finished.count < count, let reason = decide(finished.map(\.entry), rule) {
                            ruleStop = reason
                        }
                    case .sample:
                        waiting[sample.index] = sample.entry
                        while ruleStop == nil, let next = waiting.removeValue(forKey: shown.count) {
                            shown.append(next)
                            if shown.count < count, let reason = decide(shown, rule) {
                                ruleStop = reason
                                voters = shown.count
                            }
                        }
                    }
                    if ruleStop != nil { group.cancelAll() }
                }
                if ruleStop == nil, begun < count {
                    let index = begun
                    group.addTask { try await drawSample(index) }
                    begun += 1
                }
                progress.sampleFinished()
            }
        }
        policyMeter.addSeconds((ContinuousClock.now - started).seconds)
        cancelled.sort { $0.index < $1.index }
        // Cancelled samples will not be continued: free their sequences now.
        try await policyMeter.release(cancelled.map(\.entry.solution), keeping: [])
        if rule?.order != .finish { finished.sort { $0.index < $1.index } }
        return Stream(
            entries: finished.map(\.entry) + cancelled.map(\.entry), ruleStop: ruleStop, voters: voters,
            policy: policyMeter.compute, verifier: verifierMeter.compute)
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
