/// Step-level tree search guided by a verifier, with the official code's semantics: beam search and DVTS
/// are its two shapes.
///
/// The search runs ``subtrees`` independent trees in lock step (so the policy batches them), each keeping
/// ``beamsPerSubtree`` beams. Beam search is one tree of N/M beams; DVTS is N/M trees of one beam each. At
/// the first depth each tree samples `beamsPerSubtree × M` first steps; later each kept beam is expanded
/// with M samples. Candidates that are empty or duplicate a sibling are dropped, and so are those cut by a
/// token limit unless ``TreeSearchParameters/keepLengthCapped`` is set, when they finish as they are (a beam
/// whose samples all drop is sampled again, up to `retries` times). The rest are scored by the context's
/// verifier (the newest step's score, after `lookahead` greedy steps if set), and each tree keeps its top
/// `beamsPerSubtree − finished` by that score, ties to the earlier candidate. A kept candidate that ended
/// (end of generation, a `\boxed` answer, the depth cap, or a kept length cap) is finished. Unkept
/// candidates are released from the policy's cache at once. Each candidate of the result carries its
/// subtree. In outcome mode (``mode``) the finished paths are also scored whole, once each in one verifier
/// call, and the final vote uses those scores.
///
/// With a ``stopping`` rule the search is anytime: after each depth the finished paths' answers are tallied
/// as the final vote tallies them (counts for `beta`/`dirichlet`; for the weighted kinds each path's score
/// under ``selection``'s aggregation, or its outcome score in outcome mode), and once the rule fires (with at
/// least its minimum of finished paths) the beams still expanding stop: they are released from the policy's
/// cache at once, they take no part in the vote (a live beam has stated no answer), and the result, whose
/// stop reason is ``SearchResult/StopReason/settled`` (``SearchResult/StopReason/dispersed`` when the rule gives
/// up), votes on the finished paths alone. Beam search and
/// DVTS share this code: in beam search the finished paths accumulate in its one tree as the beam shrinks.
/// A result's ``SearchResult/samplesSpent`` is its number of finished paths (N/M at most), the samples its
/// vote counts and the rule's minimum counts. A cancelled task (or a deadline) also ends with the finished
/// paths and the live beams as scored so far, the live beams released.
public struct TreeSearch: SearchStrategy {
    /// The two shapes of the tree.
    public enum Shape: String, Sendable, Hashable, Codable {
        /// Step-level beam search: one tree keeping N/M beams.
        case beam
        /// Diverse verifier tree search: N/M independent trees of one beam.
        case dvts
    }

    /// Beam search or DVTS.
    public let shape: Shape
    /// The tree knobs (N, M, depth cap, lookahead, retries, length caps).
    public let tree: TreeSearchParameters
    /// Sampling knobs (the paper: temperature 0.7, top-p 1, 2048 tokens per step).
    public let sampling: SamplingParameters
    /// Picks the answer among the finished paths.
    public let selection: SelectionRule
    /// Whether the final vote reads step scores or outcome scores (pruning always reads step scores).
    public let mode: VerifierMode
    /// Stops expanding once the finished paths' vote is settled; `nil` runs every beam to its end.
    public let stopping: StoppingRule?

    /// Creates the strategy.
    ///
    /// - Throws: ``PonderError`` when N is not a positive multiple of M, a parameter is invalid, or the stopping
    ///   rule has a window (paths expand a depth at a time, all of a depth in flight).
    public init(
        _ shape: Shape,
        tree: TreeSearchParameters,
        sampling: SamplingParameters = SamplingParameters(),
        selection: SelectionRule = .lastVote,
        mode: VerifierMode = .step,
        stopping: StoppingRule? = nil
    ) throws {
        if let stopping, stopping.window != nil {
            throw PonderError.invalidParameter(
                "stopping rule", stopping.name,
                expected: "a rule without /window (only majority and best-of-n start their samples in a window)")
        }
        self.shape = shape
        self.mode = mode
        self.stopping = stopping
        self.tree = try tree.validated()
        self.sampling = try sampling.validated()
        self.selection = selection
    }

    public var name: String { shape.rawValue }
    public var budget: Int { tree.budget }
    public var parallelWidth: Int { tree.budget }
    public var usesVerifier: Bool { true }
    /// Independent trees run in lock step: 1 for beam search, N/M for DVTS.
    public var subtrees: Int { shape == .beam ? 1 : tree.budget / tree.beamWidth }
    /// Beams each tree keeps: N/M for beam search, 1 for DVTS.
    public var beamsPerSubtree: Int { shape == .beam ? tree.budget / tree.beamWidth : 1 }

    /// A node of the search tree.
    struct Node: Sendable {
        var id: Int
        var parent: Int?
        var subtree: Int
        var depth: Int
        var solution: PartialSolution
        var stepScores: [Double]
        var finish: FinishReason
        var terminal: Bool
        /// Policy tokens spent on this path's own steps.
        var usage: TokenUsage
        var newestStep: Step? { solution.steps.last }

        /// The node's trace event in `state`, timed from `started`; the root has no step, and an unscored
        /// node (or the root) no score.
        func traceEvent(
            _ state: SearchTraceEvent.State, reason: String?, scored: Bool, since started: ContinuousClock.Instant
        ) -> SearchTraceEvent {
            let step = depth == 0 ? nil : newestStep
            return SearchTraceEvent(
                node: id, parent: parent, subtree: subtree, depth: depth, step: step?.text ?? "",
                tokens: step?.tokens.count ?? 0, score: scored && depth > 0 ? stepScores.last : nil, state: state,
                reason: reason, seconds: (ContinuousClock.now - started).seconds)
        }
    }

    /// The mutable state of one run.
    private struct Run {
        var policy: PolicyMeter
        var verifier: VerifierMeter
        var numbering = NodeNumbering()
        let started = ContinuousClock.now
        let trace: TraceHandler?
        let reporter: SearchProgressReporter
        /// Candidates dropped at the depth being sampled (reported once the depth's samples are in).
        var droppedAtDepth = 0

        mutating func emit(_ node: Node, _ state: SearchTraceEvent.State, reason: String? = nil, scored: Bool = true) {
            if state == .dropped { droppedAtDepth += 1 }
            trace?(node.traceEvent(state, reason: reason, scored: scored, since: started))
        }
    }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        let problem = try problem.validated()
        let descriptor = context.policy.descriptor
        let widest = subtrees * beamsPerSubtree * tree.beamWidth
        guard widest <= descriptor.maxParallelSequences else {
            throw PonderError.budgetTooLarge(widest, maximum: descriptor.maxParallelSequences, model: descriptor.name)
        }
        let reporter = SearchProgressReporter(
            strategy: name, budget: tree.budget,
            tree: SearchProgress.Tree(
                depth: 0, maxDepth: tree.maxDepth, liveBeams: 0, finishedPaths: 0,
                targetPaths: subtrees * beamsPerSubtree, pruned: 0, dropped: 0),
            handler: context.progress)
        var run = Run(
            policy: PolicyMeter(context.policy), verifier: VerifierMeter(context.verifier), trace: context.trace,
            reporter: reporter)
        let prompt = try await run.policy.renderPrompt(context.promptStyle.messages(for: problem))
        let root = Node(
            id: 0, parent: nil, subtree: -1, depth: 0, solution: PartialSolution(prompt: prompt), stepScores: [],
            finish: .stepBoundary, terminal: false, usage: .zero)
        run.emit(root, .expanded)

        var frontier = [[Node]](repeating: [root], count: subtrees)
        var finished = [[Node]](repeating: [], count: subtrees)
        var depth = 0
        var cancelled = false
        var ruleStop: SearchResult.StopReason?
        // Outcome scores of finished paths by node id, scored as they finish when a weighted rule reads them.
        var outcomeScores: [Int: Double] = [:]
        while frontier.contains(where: { !$0.isEmpty }) {
            if Task.isCancelled {
                cancelled = true
                break
            }
            depth += 1
            var parents: [(subtree: Int, node: Node, count: Int)] = []
            for subtree in 0..<subtrees {
                for node in frontier[subtree] {
                    parents.append((subtree, node, node.depth == 0 ? beamsPerSubtree * tree.beamWidth : tree.beamWidth))
                }
            }
            reporter.enter(.sampling) { [depth, beams = parents.count] in
                $0.depth = depth
                $0.liveBeams = beams
            }
            let children: [[Node]]
            do {
                children = try await sampleChildren(
                    of: parents, depth: depth, problem: problem, run: &run, context: context)
            } catch  where Task.isCancelled {
                // A backend that throws on cancellation: end like one returning cancelled continuations.
                cancelled = true
                break
            }
            reporter.enter(.scoring) { [dropped = run.droppedAtDepth] in $0.dropped += dropped }
            run.droppedAtDepth = 0
            if children.contains(where: { $0.contains { $0.finish == .cancelled } }) {
                cancelled = true
                try? await run.policy.release(
                    children.flatMap { $0.map(\.solution) }, keeping: frontier.flatMap { $0.map(\.solution) })
                break
            }
            let scored: [Node]
            do {
                scored = try await score(children.flatMap { $0 }, problem: problem, run: &run)
            } catch  where Task.isCancelled {
                cancelled = true
                try? await run.policy.release(
                    children.flatMap { $0.map(\.solution) }, keeping: frontier.flatMap { $0.map(\.solution) })
                break
            }
            var bySubtree = [[Node]](repeating: [], count: subtrees)
            for node in scored { bySubtree[node.subtree].append(node) }
            var pruned: [PartialSolution] = []
            for subtree in 0..<subtrees {
                let keep = beamsPerSubtree - finished[subtree].count
                // A stable sort: equal values keep candidate order, so ties go to the earlier candidate.
                let ranked = bySubtree[subtree].enumerated().sorted { lhs, rhs in
                    let left = lhs.element.stepScores.last ?? -1
                    let right = rhs.element.stepScores.last ?? -1
                    return left != right ? left > right : lhs.offset < rhs.offset
                }.map(\.element)
                var next: [Node] = []
                for (rank, node) in ranked.enumerated() {
                    if rank >= keep {
                        run.emit(node, .pruned)
                        pruned.append(node.solution)
                    } else if node.terminal {
                        run.emit(node, .finished)
                        finished[subtree].append(node)
                    } else {
                        run.emit(node, .expanded)
                        next.append(node)
                    }
                }
                frontier[subtree] = finished[subtree].count >= beamsPerSubtree ? [] : next
            }
            reporter.updateTree { [pruned = pruned.count, done = finished.reduce(0) { $0 + $1.count }] in
                $0.pruned += pruned
                $0.finishedPaths = done
            }
            try await run.policy.release(pruned, keeping: frontier.flatMap { $0.map(\.solution) })
            if let stopping, frontier.contains(where: { !$0.isEmpty }),
                let stop = try await stopReason(
                    finished.flatMap { $0 }, rule: stopping, problem: problem, outcomes: &outcomeScores, run: &run,
                    grader: context.grader)
            {
                let live = frontier.flatMap { $0.map(\.solution) }
                frontier = frontier.map { _ in [] }
                ruleStop = stop
                try await run.policy.release(live, keeping: [])
                break
            }
        }
        if cancelled {
            // The live beams will not be continued: free their sequences now.
            try? await run.policy.release(frontier.flatMap { $0.map(\.solution) }, keeping: [])
        }
        reporter.enter(.done) { [live = frontier.reduce(0) { $0 + $1.count }] in $0.liveBeams = live }

        var entries: [ResultAssembler.Entry] = []
        for subtree in 0..<subtrees {
            for node in finished[subtree] {
                entries.append(
                    .init(
                        solution: node.solution, finishReason: node.finish, usage: node.usage,
                        stepScores: node.stepScores, subtree: subtree, node: node.id,
                        outcomeScore: outcomeScores[node.id]))
            }
            if cancelled {
                for node in frontier[subtree] where node.depth > 0 {
                    entries.append(
                        .init(
                            solution: node.solution, finishReason: .cancelled, usage: node.usage,
                            stepScores: node.stepScores, subtree: subtree, node: node.id))
                }
            }
        }
        if mode == .outcome {
            // Paths a weighted rule already scored keep their scores; the rest are scored in one call.
            let unscored = entries.indices.filter { entries[$0].outcomeScore == nil }
            if !unscored.isEmpty || entries.isEmpty {
                let scored = try await ResultAssembler.scoringOutcomes(
                    unscored.map { entries[$0] }, problem: problem, verifier: &run.verifier)
                for (index, entry) in zip(unscored, scored) { entries[index] = entry }
            }
        }
        var result = ResultAssembler(strategy: name, budget: tree.budget, rule: selection, mode: mode).assemble(
            problem: problem, entries: entries, grader: context.grader, policy: run.policy.compute,
            verifier: run.verifier.compute, started: run.started, ruleStop: ruleStop)
        if cancelled { result.stopReason = .cancelled }
        return result
    }

    /// Why `rule` stops the search on the vote of the `finished` paths (`settled`, or `dispersed` when it gives
    /// up), or `nil` when it does not. Weighted rules read each path's score under the selection rule's
    /// aggregation; in outcome mode its outcome score, scoring the paths not yet scored (in one call) into
    /// `outcomes`.
    private func stopReason(
        _ finished: [Node], rule: StoppingRule, problem: Problem, outcomes: inout [Int: Double], run: inout Run,
        grader: any AnswerGrader
    ) async throws -> SearchResult.StopReason? {
        let answers = finished.map {
            ResultAssembler.answer(of: $0.solution.text, finish: $0.finish, grader: grader)?.text
        }
        var scores: [Double?] = []
        if rule.kind.isWeighted {
            switch mode {
            case .step:
                scores = finished.map { selection.aggregation.aggregate($0.stepScores) }
            case .outcome:
                let unscored = finished.filter { outcomes[$0.id] == nil }
                if !unscored.isEmpty {
                    let judged = try await run.verifier.scoreOutcomes(
                        unscored.map { OutcomeScoringRequest(problem: problem, steps: $0.solution.steps) })
                    for (node, score) in zip(unscored, judged) { outcomes[node.id] = score.score }
                }
                scores = finished.map { outcomes[$0.id] }
            }
        }
        return rule.decide(answers: answers, scores: scores, budget: subtrees * beamsPerSubtree, grader: grader)
            .stopReason
    }

    /// Samples each parent's children, drops empty, duplicate and truncated ones, and samples again the
    /// parents left with none, up to `retries` times.
    private func sampleChildren(
        of parents: [(subtree: Int, node: Node, count: Int)],
        depth: Int,
        problem: Problem,
        run: inout Run,
        context: SearchContext
    ) async throws -> [[Node]] {
        var children = [[Node]](repeating: [], count: parents.count)
        var pending = Array(parents.indices)
        var attempt = 0
        while !pending.isEmpty, attempt <= tree.retries {
            attempt += 1
            var requests: [ContinuationRequest] = []
            var owners: [Int] = []
            for index in pending {
                for _ in 0..<parents[index].count {
                    requests.append(
                        ContinuationRequest(
                            solution: parents[index].node.solution, extent: .nextStep,
                            seed: run.numbering.nextSeed(sampling)))
                    owners.append(index)
                }
            }
            let continuations = try await run.policy.continueSolutions(
                requests, parameters: sampling, reporter: run.reporter)
            for (offset, continuation) in continuations.enumerated() {
                let index = owners[offset]
                let parent = parents[index].node
                var child = Node(
                    id: run.numbering.newID(), parent: parent.id, subtree: parents[index].subtree, depth: depth,
                    solution: parent.solution.appending(continuation.steps), stepScores: parent.stepScores,
                    finish: continuation.finishReason, terminal: false, usage: parent.usage + continuation.usage)
                let step = continuation.steps.first
                if continuation.finishReason == .cancelled {
                    children[index].append(child)
                    continue
                }
                if continuation.finishReason == .failed {
                    // The backend failed this sample: the parent is sampled again like one whose samples all dropped.
                    run.emit(child, .dropped, reason: "failed", scored: false)
                    continue
                }
                if step == nil, continuation.finishReason == .endOfGeneration, parent.depth > 0 {
                    // The model ended right after the parent's step: the parent's path is complete.
                    child.solution = parent.solution
                    child.terminal = true
                    if children[index].contains(where: { $0.solution.steps.count == parent.solution.steps.count }) {
                        run.emit(child, .dropped, reason: "duplicate", scored: false)
                    } else {
                        children[index].append(child)
                    }
                    continue
                }
                guard let step, step.text.contains(where: { !$0.isWhitespace }) else {
                    run.emit(child, .dropped, reason: "empty", scored: false)
                    continue
                }
                let capped = continuation.finishReason == .stepLimit || continuation.finishReason == .length
                guard !capped || tree.keepLengthCapped else {
                    run.emit(child, .dropped, reason: "truncated", scored: false)
                    continue
                }
                guard
                    !children[index].contains(where: {
                        $0.newestStep?.text == step.text && $0.depth == depth
                            && $0.solution.steps.count == child.solution.steps.count
                    })
                else {
                    run.emit(child, .dropped, reason: "duplicate", scored: false)
                    continue
                }
                child.terminal =
                    capped || continuation.finishReason == .endOfGeneration || step.text.contains("\\boxed")
                    || depth >= tree.maxDepth
                children[index].append(child)
            }
            pending = pending.filter { children[$0].isEmpty }
        }
        return children
    }

    /// Scores each child's newest step (after `lookahead` greedy steps for unfinished ones).
    private func score(_ children: [Node], problem: Problem, run: inout Run) async throws
        -> [Node]
    {
        var scored = children
        // Children that add no step (the parent's path ended) keep the parent's scores.
        let fresh = children.indices.filter { children[$0].solution.steps.count == children[$0].depth }
        var paths = fresh.map { children[$0].solution }
        if tree.lookahead > 0 {
            var greedy = sampling
            greedy.temperature = 0
            var open = fresh.indices.filter { !children[fresh[$0]].terminal }
            for _ in 0..<tree.lookahead where !open.isEmpty {
                let requests = open.map { ContinuationRequest(solution: paths[$0], extent: .nextStep, seed: 0) }
                let continuations = try await run.policy.continueSolutions(requests, parameters: greedy, progress: nil)
                var stillOpen: [Int] = []
                for (offset, position) in open.enumerated() {
                    let continuation = continuations[offset]
                    guard !continuation.steps.isEmpty else { continue }
                    paths[position] = paths[position].appending(continuation.steps)
                    if continuation.finishReason == .stepBoundary { stillOpen.append(position) }
                }
                open = stillOpen
            }
        }
        let scores = try await run.verifier.scoreSteps(
            paths.map { StepScoringRequest(problem: problem, steps: $0.steps, firstStep: $0.steps.count - 1) })
        for (offset, index) in fresh.enumerated() {
            scored[index].stepScores.append(scores[offset].scores.last ?? 0)
        }
        if tree.lookahead > 0 {
            try await run.policy.release(
                zip(fresh, paths).filter { children[$0.0].solution != $0.1 }.map(\.1), keeping: children.map(\.solution)
            )
        }
        return scored
    }
}
