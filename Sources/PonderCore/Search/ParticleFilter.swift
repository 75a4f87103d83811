/// Particle filtering (Puri et al., 2025): N particles advance one step at a time, weighted by the verifier's
/// score of their newest step and resampled in proportion to those weights, so compute follows the promising
/// paths without pruning the others for good.
///
/// Each depth, every live particle samples one step (one batched policy call; copies of a particle are
/// requests on the same ``PartialSolution``, so the backend decodes their shared prefix once). A sample that
/// is empty, failed, or cut by a token limit (unless ``TreeSearchParameters/keepLengthCapped``) is sampled
/// again up to `retries` times, then the particle dies. The new steps are scored in one verifier call. Then
/// the population (live particles and the finished ones it still holds) is weighted by ``ParticleWeights``
/// (softmax over `logit(newest step score) / temperature`, its_hub's weights) and resampled to N particles
/// when its effective sample size falls below `essThreshold × N`, or when a particle died. Particles that are
/// not drawn are released from the policy's cache at once. A particle that ends (end of generation, a
/// `\boxed` answer, the depth cap, or a kept length cap) stops, but stays in the population and may still be
/// drawn (or dropped) while others run, as in its_hub. The search ends when no particle is live; the last
/// population is not resampled, so the best finished particle cannot be lost at the end.
///
/// Weights are not carried across steps: like its_hub, a particle's weight is its newest step's score, so
/// skipping a resampling leaves the population as it is. The draws come from a ``SplitMix64`` seeded with the
/// run's sampling seed, so a run is reproducible. Every particle of the final population is a candidate
/// (copies included, so a vote counts the resampled population); the default rule is PRM-Last-Max, its_hub's
/// `argmax` over the final weights.
public struct ParticleFilter: SearchStrategy {
    /// The budget N (particles), the depth cap, retries and the length-cap rule; beam width and lookahead are
    /// not used.
    public let tree: TreeSearchParameters
    /// Temperature, scheme and ESS threshold of the resampling.
    public let resampling: ParticleFilterParameters
    /// Sampling knobs (the paper: temperature 0.7, top-p 1, 2048 tokens per step).
    public let sampling: SamplingParameters
    /// Picks the answer among the final particles.
    public let selection: SelectionRule
    /// Whether the final vote reads step scores or outcome scores (weights always read step scores).
    public let mode: VerifierMode

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when N is below 1, lookahead is set, or a parameter is invalid.
    public init(
        tree: TreeSearchParameters,
        resampling: ParticleFilterParameters = ParticleFilterParameters(),
        sampling: SamplingParameters = SamplingParameters(),
        selection: SelectionRule = .lastMax,
        mode: VerifierMode = .step
    ) throws {
        guard tree.budget >= 1 else {
            throw PonderError.invalidParameter("n", "\(tree.budget)", expected: "at least 1 particle")
        }
        guard tree.maxDepth >= 1 else {
            throw PonderError.invalidParameter("max depth", "\(tree.maxDepth)", expected: "at least 1")
        }
        guard tree.retries >= 0 else {
            throw PonderError.invalidParameter("retries", "\(tree.retries)", expected: "0 or more")
        }
        guard tree.lookahead == 0 else {
            throw PonderError.invalidParameter(
                "lookahead", "\(tree.lookahead)", expected: "0 (particle filtering weighs each particle's newest step)"
            )
        }
        self.tree = tree
        self.resampling = try resampling.validated()
        self.sampling = try sampling.validated()
        self.selection = selection
        self.mode = mode
    }

    public var name: String { StrategyKind.particleFilter.rawValue }
    public var budget: Int { tree.budget }
    public var parallelWidth: Int { tree.budget }
    public var usesVerifier: Bool { true }

    /// A particle is a node of the search tree; copies of a particle share the node.
    typealias Node = TreeSearch.Node

    /// The mutable state of one run.
    private struct Run {
        var policy: PolicyMeter
        var verifier: VerifierMeter
        var random: SplitMix64
        var numbering = NodeNumbering()
        let started = ContinuousClock.now
        let trace: TraceHandler?
        let reporter: SearchProgressReporter

        func emit(_ node: Node, _ state: SearchTraceEvent.State, reason: String? = nil, scored: Bool = true) {
            trace?(node.traceEvent(state, reason: reason, scored: scored, since: started))
        }
    }

    /// The salt that separates the resampling draws from the policy's per-sample seeds.
    package static let randomSalt: UInt64 = 0x5041_5254_4943_4C45

    /// The generator of a run's resampling draws.
    package static func random(seed: UInt32) -> SplitMix64 {
        SplitMix64(seed: UInt64(seed) ^ randomSalt)
    }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let problem = try problem.validated()
        let descriptor = context.policy.descriptor
        guard budget <= descriptor.maxParallelSequences else {
            throw PonderError.budgetTooLarge(budget, maximum: descriptor.maxParallelSequences, model: descriptor.name)
        }
        let reporter = SearchProgressReporter(
            strategy: name, budget: budget,
            tree: SearchProgress.Tree(
                depth: 0, maxDepth: tree.maxDepth, liveBeams: 0, finishedPaths: 0, targetPaths: budget, pruned: 0,
                dropped: 0),
            handler: context.progress)
        var run = Run(
            policy: PolicyMeter(context.policy), verifier: VerifierMeter(context.verifier),
            random: Self.random(seed: sampling.seed), trace: context.trace, reporter: reporter)
        let prompt = try await run.policy.renderPrompt(context.promptStyle.messages(for: problem))
        let root = Node(
            id: 0, parent: nil, subtree: -1, depth: 0, solution: PartialSolution(prompt: prompt), stepScores: [],
            finish: .stepBoundary, terminal: false, usage: .zero)
        run.emit(root, .expanded)

        var particles = [Node](repeating: root, count: budget)
        var depth = 0
        var cancelled = false
        while particles.contains(where: { !$0.terminal }) {
            if Task.isCancelled {
                cancelled = true
                break
            }
            depth += 1
            let live = particles.indices.filter { !particles[$0].terminal }
            reporter.enter(.sampling) { [depth, live = live.count] in
                $0.depth = depth
                $0.liveBeams = live
            }
            let advanced = try await advance(live.map { particles[$0] }, depth: depth, run: &run)
            reporter.enter(.scoring) { [dropped = advanced.dropped.count] in $0.dropped += dropped }
            if advanced.children.contains(where: { $0?.finish == .cancelled }) {
                cancelled = true
                break
            }
            let children = try await score(advanced.children, problem: problem, run: &run)
            // The population in particle order: finished particles stay, live ones become their child or die.
            var population: [Node] = []
            var next = 0
            for particle in particles {
                if particle.terminal {
                    population.append(particle)
                } else {
                    if let child = children[next] { population.append(child) }
                    next += 1
                }
            }
            var released = advanced.dropped
            particles = resample(population, depth: depth, released: &released, run: &run)
            try await run.policy.release(released, keeping: particles.filter { !$0.terminal }.map(\.solution))
        }
        reporter.enter(.done) { [live = particles.filter { !$0.terminal }.count] in $0.liveBeams = live }

        var entries: [ResultAssembler.Entry] = []
        var emitted = Set<Int>()
        for particle in particles where particle.terminal || (cancelled && particle.depth > 0) {
            if particle.terminal, emitted.insert(particle.id).inserted { run.emit(particle, .finished) }
            entries.append(
                .init(
                    solution: particle.solution, finishReason: particle.terminal ? particle.finish : .cancelled,
                    usage: particle.usage, stepScores: particle.stepScores, subtree: 0, node: particle.id))
        }
        if mode == .outcome {
            entries = try await ResultAssembler.scoringOutcomes(entries, problem: problem, verifier: &run.verifier)
        }
        var result = ResultAssembler(strategy: name, budget: budget, rule: selection, mode: mode).assemble(
            problem: problem, entries: entries, grader: context.grader, policy: run.policy.compute,
            verifier: run.verifier.compute, started: run.started)
        if cancelled { result.stopReason = .cancelled }
        return result
    }

    /// Weighs the population and, when its effective sample size is low or a particle died, draws N particles
    /// from it; traces each new node's fate and adds the solutions no particle holds any more to `released`.
    private func resample(
        _ population: [Node], depth: Int, released: inout [PartialSolution], run: inout Run
    ) -> [Node] {
        guard !population.isEmpty else { return [] }
        let stillLive = population.contains { !$0.terminal }
        var next = population
        if stillLive {
            let weights = ParticleWeights(
                scores: population.map { $0.stepScores.last ?? 0 }, temperature: resampling.temperature)
            let degenerate =
                resampling.essThreshold >= 1
                || weights.effectiveSampleSize < resampling.essThreshold * Double(budget)
            if degenerate || population.count < budget {
                next = weights.resample(count: budget, scheme: resampling.scheme, using: &run.random).map {
                    population[$0]
                }
            }
        }
        let drawn = Set(next.map(\.id))
        var seen = Set<Int>()
        var pruned = 0
        for node in population where seen.insert(node.id).inserted {
            if !drawn.contains(node.id) {
                // Finished particles were not traced yet: their fate is decided when they are dropped or at the end.
                run.emit(node, .pruned, reason: "resampled")
                released.append(node.solution)
                pruned += 1
            } else if !node.terminal {
                run.emit(node, .expanded)
            }
        }
        run.reporter.updateTree { [pruned, finished = next.filter(\.terminal).count] in
            $0.pruned += pruned
            $0.finishedPaths = finished
        }
        return next
    }

    /// Samples one step for each live particle, sampling again (up to `retries` times) those whose sample was
    /// empty, failed or cut by a token limit; a particle with no child after that dies (`nil`).
    private func advance(_ parents: [Node], depth: Int, run: inout Run) async throws
        -> (children: [Node?], dropped: [PartialSolution])
    {
        var children = [Node?](repeating: nil, count: parents.count)
        var dropped: [PartialSolution] = []
        var pending = Array(parents.indices)
        var attempt = 0
        while !pending.isEmpty, attempt <= tree.retries {
            attempt += 1
            let requests = pending.map {
                ContinuationRequest(
                    solution: parents[$0].solution, extent: .nextStep, seed: run.numbering.nextSeed(sampling))
            }
            let continuations = try await run.policy.continueSolutions(
                requests, parameters: sampling, reporter: run.reporter)
            var again: [Int] = []
            for (offset, continuation) in continuations.enumerated() {
                let index = pending[offset]
                let parent = parents[index]
                var child = Node(
                    id: run.numbering.newID(), parent: parent.id, subtree: 0, depth: depth,
                    solution: parent.solution.appending(continuation.steps), stepScores: parent.stepScores,
                    finish: continuation.finishReason, terminal: false, usage: parent.usage + continuation.usage)
                let step = continuation.steps.first
                if continuation.finishReason == .cancelled {
                    children[index] = child
                    continue
                }
                if continuation.finishReason == .failed {
                    run.emit(child, .dropped, reason: "failed", scored: false)
                    dropped.append(child.solution)
                    again.append(index)
                    continue
                }
                if step == nil, continuation.finishReason == .endOfGeneration, parent.depth > 0 {
                    // The model ended right after the parent's step: the particle's path is complete.
                    child.solution = parent.solution
                    child.terminal = true
                    children[index] = child
                    continue
                }
                guard let step, step.text.contains(where: { !$0.isWhitespace }) else {
                    run.emit(child, .dropped, reason: "empty", scored: false)
                    dropped.append(child.solution)
                    again.append(index)
                    continue
                }
                let capped = continuation.finishReason == .stepLimit || continuation.finishReason == .length
                guard !capped || tree.keepLengthCapped else {
                    run.emit(child, .dropped, reason: "truncated", scored: false)
                    dropped.append(child.solution)
                    again.append(index)
                    continue
                }
                child.terminal =
                    capped || continuation.finishReason == .endOfGeneration || step.text.contains("\\boxed")
                    || depth >= tree.maxDepth
                children[index] = child
            }
            pending = again
        }
        return (children, dropped)
    }

    /// Scores each child's new steps (usually one) in one verifier call; children that add no step keep their
    /// scores.
    private func score(_ children: [Node?], problem: Problem, run: inout Run) async throws -> [Node?] {
        var scored = children
        let fresh = children.indices.filter { index in
            guard let child = children[index] else { return false }
            return child.solution.steps.count > child.stepScores.count
        }
        let scores = try await run.verifier.scoreSteps(
            fresh.compactMap { children[$0] }.map {
                StepScoringRequest(problem: problem, steps: $0.solution.steps, firstStep: $0.stepScores.count)
            })
        for (offset, index) in fresh.enumerated() {
            scored[index]?.stepScores.append(contentsOf: scores[offset].scores)
        }
        return scored
    }
}
