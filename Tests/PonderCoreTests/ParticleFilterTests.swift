import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Synchronization
import Testing

/// Particle filtering against hand-worked runs: a step-script policy, a table-driven verifier and a fixed
/// seed, whose resampling draws are worked out in the comments.
@Suite struct ParticleFilterTests {
    let problem = Problem(statement: "Hand-worked particles")

    /// Depth 1: siblings 0–3 of the root write A, B, C, D. Depth 2: A's copies write "A0 \boxed{1}" (ends)
    /// and "A1"; B, C and D's first copies write "B0 \boxed{6}", "C0 \boxed{7}" (both end), "D0", and D's
    /// second copy "D1 \boxed{5}" (ends). Depth 3: A1 writes "A1a \boxed{3}", D0's copies "D0a \boxed{2}" and
    /// "D0b \boxed{4}"; all end.
    static func policy() -> StepScriptPolicy {
        StepScriptPolicy { path, sibling in
            switch path {
            case []: return .init(["A", "B", "C", "D"][sibling % 4])
            case ["A"]: return sibling == 0 ? .init("A0 \\boxed{1}", .endOfGeneration) : .init("A1")
            case ["B"]: return .init("B0 \\boxed{6}", .endOfGeneration)
            case ["C"]: return .init("C0 \\boxed{7}", .endOfGeneration)
            case ["D"]: return sibling == 0 ? .init("D0") : .init("D1 \\boxed{5}", .endOfGeneration)
            case ["A", "A1"]: return .init("A1a \\boxed{3}", .endOfGeneration)
            case ["D", "D0"]:
                return sibling == 0
                    ? .init("D0a \\boxed{2}", .endOfGeneration) : .init("D0b \\boxed{4}", .endOfGeneration)
            default: return .init("stray \\boxed{0}", .endOfGeneration)
            }
        }
    }

    /// Scores by step text; the odds s / (1 − s) are in the comments of the runs.
    static let scores: [String: Double] = [
        "A": 0.8, "B": 0.5, "C": 0.2, "D": 0.75,
        "A0 \\boxed{1}": 0.9, "A1": 0.5, "B0 \\boxed{6}": 0.2, "C0 \\boxed{7}": 0.5, "D0": 0.75, "D1 \\boxed{5}": 0.5,
        "A1a \\boxed{3}": 0.6, "D0a \\boxed{2}": 0.8, "D0b \\boxed{4}": 0.3,
    ]

    private func run(
        _ resampling: ParticleFilterParameters, seed: UInt32 = 17, policy: StepScriptPolicy = Self.policy(),
        verifier: ScriptedPRM = ScriptedPRM(table: Self.scores, default: 0.5), trace: TraceRecorder? = nil,
        tree: TreeSearchParameters = TreeSearchParameters(budget: 4)
    ) async throws -> SearchResult {
        let strategy = try ParticleFilter(
            tree: tree, resampling: resampling, sampling: SamplingParameters(seed: seed))
        return try await strategy.search(
            problem,
            in: SearchContext(
                policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting),
                trace: trace?.handler))
    }

    /// N = 4, temperature 1, multinomial, resampling every step, seed 17 (uniforms 0.938920, 0.432808,
    /// 0.726431, 0.081269, 0.755697, 0.663003, 0.899503, 0.086425: see ParticleWeightsTests).
    ///
    /// Depth 1: A, B, C, D score 0.8, 0.5, 0.2, 0.75: odds 4, 1, 0.25, 3 (sum 8.25), weights 0.4848, 0.1212,
    /// 0.0303, 0.3636, cumulative 0.4848, 0.6061, 0.6364, 1; ESS = 8.25² / 26.0625 = 2.61 < 4. The sorted
    /// uniforms 0.0813, 0.4328, 0.7264, 0.9389 draw A, A, D, D: B and C are released.
    ///
    /// Depth 2: A's copies write A0 (ends, 0.9) and A1 (0.5); D's write D0 (0.75) and D1 (ends, 0.5). Odds 9, 1,
    /// 3, 1 (sum 14), cumulative 0.6429, 0.7143, 0.9286, 1; ESS = 196 / 92 = 2.13. The sorted uniforms 0.0864,
    /// 0.6630, 0.7557, 0.8995 draw A0, A1, D0, D0: the finished D1 is dropped and released, the finished A0
    /// stays in the population.
    ///
    /// Depth 3: A1 writes A1a (0.6); D0's copies write D0a (0.8) and D0b (0.3). No particle is live: the
    /// population A0, A1a, D0a, D0b is final and PRM-Last-Max picks A0's answer 1 (0.9).
    @Test func resamplingFollowsTheHandWorkedRun() async throws {
        let policy = Self.policy()
        let verifier = ScriptedPRM(table: Self.scores, default: 0.5)
        let events = TraceRecorder()
        let result = try await run(ParticleFilterParameters(), policy: policy, verifier: verifier, trace: events)

        #expect(
            policy.calls.map { $0.map { $0.solution.steps.map(\.text) } } == [
                [[], [], [], []],
                [["A"], ["A"], ["D"], ["D"]],
                [["A", "A1"], ["D", "D0"], ["D", "D0"]],
            ])
        #expect(policy.releasedSolutions.map { $0.steps.map(\.text) } == [["B"], ["C"], ["D", "D1 \\boxed{5}"]])

        #expect(result.strategy == "particle-filter")
        #expect(result.budget == 4)
        #expect(
            result.candidates.map { $0.steps.last } == [
                "A0 \\boxed{1}", "A1a \\boxed{3}", "D0a \\boxed{2}", "D0b \\boxed{4}",
            ])
        #expect(result.candidates.map { $0.answer?.text } == ["1", "3", "2", "4"])
        #expect(
            result.candidates.map(\.stepScores) == [
                [0.8, 0.9], [0.8, 0.5, 0.6], [0.75, 0.75, 0.8], [0.75, 0.75, 0.3],
            ])
        #expect(result.answer == "1")
        #expect(result.stopReason == .completed)

        // Every new step is scored once, in one verifier call per depth.
        #expect(verifier.calls.map(\.count) == [4, 4, 3])
        #expect(verifier.calls.joined().allSatisfy { $0.firstStep == $0.steps.count - 1 })

        // Policy compute is every sampled step; verifier compute is one token per scored step (ScriptedPRM).
        let sampled = policy.calls.joined().count
        #expect(sampled == 11)
        let generated = [
            "A", "B", "C", "D", "A0 \\boxed{1}", "A1", "D0", "D1 \\boxed{5}", "A1a \\boxed{3}", "D0a \\boxed{2}",
            "D0b \\boxed{4}",
        ].reduce(0) { $0 + $1.utf8.count }
        #expect(result.accounting.policy.usage.generatedTokens == generated)
        #expect(result.accounting.verifier?.usage.promptTokensEvaluated == 11)

        // The trace: each node decided once; unselected particles are pruned as they are resampled away, the
        // finished ones that survive are decided at the end.
        let decided = events.events.map { "\($0.node)\($0.state.rawValue.prefix(1))" }
        #expect(decided == ["0e", "1e", "2p", "3p", "4e", "6e", "7e", "8p", "5f", "9f", "10f", "11f"])
        #expect(events.events.filter { $0.state == .pruned }.allSatisfy { $0.reason == "resampled" })
        #expect(events.events.first { $0.node == 7 }?.parent == 4)
        #expect(result.candidates.map(\.traceNode) == [5, 9, 10, 11])
        let outcome = try #require(SearchTraceOutcome(result))
        let trace = try SearchTrace(events: events.events, outcome: outcome)
        #expect(trace.chosenPath.dropFirst().map { trace.events[$0].step } == ["A", "A0 \\boxed{1}"])
    }

    @Test func progressCountsLiveFinishedAndResampledAwayParticles() async throws {
        let snapshots = Mutex<[SearchProgress]>([])
        let strategy = try ParticleFilter(tree: TreeSearchParameters(budget: 4), sampling: SamplingParameters(seed: 17))
        _ = try await strategy.search(
            problem,
            in: SearchContext(
                policy: Self.policy(), verifier: ScriptedPRM(table: Self.scores, default: 0.5),
                grader: MathGrader(configuration: .voting),
                progress: { snapshot in snapshots.withLock { $0.append(snapshot) } }))
        let all = snapshots.withLock { $0 }
        let sampling = all.filter { $0.phase == .sampling && $0.call == nil }.compactMap(\.tree)
        let liveByDepth = Dictionary(sampling.map { ($0.depth, $0.liveBeams) }, uniquingKeysWith: { first, _ in first })
        #expect(liveByDepth == [1: 4, 2: 4, 3: 3], "A0 finished at depth 2, so three particles go on")
        let last = try #require(all.last)
        #expect(last.phase == .done)
        #expect(last.tree?.finishedPaths == 4 && last.tree?.targetPaths == 4)
        #expect(last.tree?.pruned == 3, "B and C at depth 1, D1 at depth 2")
        #expect(all.contains { $0.line.contains("4 particles live") })
    }

    @Test func theSameSeedGivesTheSameRunAndAnotherSeedAnotherDraw() async throws {
        let first = try await run(ParticleFilterParameters())
        let again = try await run(ParticleFilterParameters())
        #expect(first.candidates.map(\.steps) == again.candidates.map(\.steps))
        // Seed 0 draws uniforms 0.6096, 0.5849, 0.1022, 0.8317 at depth 1: sorted they fall in A, B, C, D's
        // intervals (0.4848, 0.6061, 0.6364, 1), so every particle survives.
        let policy = Self.policy()
        _ = try await run(ParticleFilterParameters(), seed: 0, policy: policy)
        #expect(policy.calls[1].map { $0.solution.steps.map(\.text) } == [["A"], ["B"], ["C"], ["D"]])
    }

    /// ESS threshold 0.5 (resample below 2 of 4). Depth 1: ESS 2.61 ≥ 2, so no resampling: the particles stay
    /// A, B, C, D and nothing is released. Depth 2: A0 (0.9), B0 (0.2), C0 (0.5) end, D0 (0.75) is live; odds
    /// 9, 0.25, 1, 3 (sum 13.25): ESS = 175.5625 / 91.0625 = 1.93 < 2, so the population is resampled with the
    /// generator's first four uniforms, sorted 0.0813, 0.4328, 0.7264, 0.9389, against the cumulative 0.6792,
    /// 0.6981, 0.7736, 1: A0, A0, C0, D0. B0 is dropped. Depth 3: D0 writes D0a.
    @Test func anAdaptiveThresholdSkipsResamplingWhileTheSampleSizeIsHigh() async throws {
        let policy = Self.policy()
        let events = TraceRecorder()
        let result = try await run(ParticleFilterParameters(essThreshold: 0.5), policy: policy, trace: events)
        #expect(
            policy.calls.map { $0.map { $0.solution.steps.map(\.text) } } == [
                [[], [], [], []],
                [["A"], ["B"], ["C"], ["D"]],
                [["D", "D0"]],
            ])
        #expect(policy.releasedSolutions.map { $0.steps.map(\.text) } == [["B", "B0 \\boxed{6}"]])
        #expect(result.candidates.map { $0.answer?.text } == ["1", "1", "7", "2"])
        #expect(result.candidates.map(\.traceNode) == [5, 5, 7, 9], "the copies of A0 are one node")
        #expect(result.answer == "1")
        let nodes = events.events.map(\.node)
        #expect(Set(nodes).count == nodes.count, "each node is decided once, copies included")
    }

    @Test func thresholdZeroNeverResamples() async throws {
        let policy = Self.policy()
        let result = try await run(ParticleFilterParameters(essThreshold: 0), policy: policy)
        #expect(policy.releasedSolutions.isEmpty)
        #expect(result.candidates.map { $0.steps.first } == ["A", "B", "C", "D"], "every particle keeps its line")
    }

    @Test func systematicResamplingDrawsEvenlySpacedPointers() async throws {
        // Depth 1 weights cumulative 0.4848, 0.6061, 0.6364, 1; seed 17's u = 0.93892 gives pointers
        // 0.2347, 0.48473, 0.7347, 0.9847: A, A, D, D (the second pointer is just under 0.48485).
        let policy = Self.policy()
        _ = try await run(ParticleFilterParameters(scheme: .systematic), policy: policy)
        #expect(policy.calls[1].map { $0.solution.steps.map(\.text) } == [["A"], ["A"], ["D"], ["D"]])
    }

    @Test func copiesOfAParticleForkFromTheSameSolution() async throws {
        let policy = Self.policy()
        _ = try await run(ParticleFilterParameters(), policy: policy)
        let second = policy.calls[1]
        #expect(second[0].solution == second[1].solution, "A's two copies continue one solution")
        #expect(second[2].solution == second[3].solution)
        #expect(Set(second.map(\.seed)).count == 4, "each copy samples with its own seed")
    }

    /// A particle cut by the step limit dies (retries 0) unless length-capped paths are kept; a death forces a
    /// resampling even with threshold 0, so the population stays at N.
    @Test func lengthCappedParticlesDieOrFinishAsCandidates() async throws {
        let policy = StepScriptPolicy { path, sibling in
            switch (path.count, sibling) {
            case (0, 1): return .init("cut", .stepLimit)
            case (0, _): return .init("s\(sibling)")
            default: return .init("\(path[0]) \\boxed{\(path[0].dropFirst())}", .endOfGeneration)
            }
        }
        let verifier = ScriptedPRM(table: ["s0": 0.9, "cut": 0.99], default: 0.5)
        let events = TraceRecorder()
        let dropped = try await run(
            ParticleFilterParameters(essThreshold: 0), policy: policy, verifier: verifier, trace: events,
            tree: TreeSearchParameters(budget: 3, retries: 0))
        #expect(events.events.contains { $0.state == .dropped && $0.reason == "truncated" })
        #expect(policy.releasedSolutions.map { $0.steps.map(\.text) }.first == ["cut"], "the dead sample is released")
        #expect(dropped.candidates.count == 3, "the two survivors were resampled back to N")
        #expect(!dropped.candidates.contains { $0.steps.first == "cut" })

        let kept = try await run(
            ParticleFilterParameters(essThreshold: 0), policy: policy, verifier: verifier,
            tree: TreeSearchParameters(budget: 3, retries: 0, keepLengthCapped: true))
        let capped = try #require(kept.candidates.first { $0.steps == ["cut"] })
        #expect(capped.finishReason == .stepLimit)
        #expect(capped.stepScores == [0.99])
        #expect(capped.answer == nil, "a cut step states no answer")
    }

    @Test func aDroppedSampleIsSampledAgainBeforeTheParticleDies() async throws {
        let policy = StepScriptPolicy { path, sibling in
            if path.isEmpty { return sibling == 0 ? .init("   ") : .init("s\(sibling)") }
            return .init("done \\boxed{1}", .endOfGeneration)
        }
        let result = try await run(
            ParticleFilterParameters(essThreshold: 0), policy: policy, verifier: ScriptedPRM(table: [:]),
            tree: TreeSearchParameters(budget: 2, retries: 1))
        // The empty first sample of particle 0 is sampled again (as the only request, so sibling 0 again: empty),
        // then the particle dies and the survivor is copied.
        #expect(policy.calls.map(\.count) == [2, 1, 2])
        #expect(result.candidates.count == 2)
        #expect(result.candidates.allSatisfy { $0.steps == ["s1", "done \\boxed{1}"] })
    }

    @Test func pathsStopAtTheDepthCap() async throws {
        let policy = StepScriptPolicy { path, sibling in .init("step\(path.count)-\(sibling)") }
        let result = try await run(
            ParticleFilterParameters(), policy: policy, verifier: ScriptedPRM(table: [:]),
            tree: TreeSearchParameters(budget: 2, maxDepth: 3))
        #expect(result.candidates.count == 2)
        #expect(result.candidates.allSatisfy { $0.steps.count == 3 })
        #expect(policy.calls.count == 3)
    }

    @Test func outcomeModeScoresTheFinalParticles() async throws {
        let verifier = ScriptedPRM(
            score: { path in Self.scores[path.last ?? ""] ?? 0.5 },
            outcome: { steps in steps.last == "D0b \\boxed{4}" ? 0.99 : 0.1 })
        let strategy = try ParticleFilter(
            tree: TreeSearchParameters(budget: 4), sampling: SamplingParameters(seed: 17), mode: .outcome)
        let result = try await strategy.search(
            problem,
            in: SearchContext(policy: Self.policy(), verifier: verifier, grader: MathGrader(configuration: .voting)))
        #expect(verifier.outcomeCalls.map(\.count) == [4])
        #expect(result.answer == "4", "the outcome score, not the step weights, picks the answer")
    }

    @Test func invalidSettingsAreRefused() {
        #expect(throws: PonderError.self) { try ParticleFilter(tree: TreeSearchParameters(budget: 0)) }
        #expect(throws: PonderError.self) { try ParticleFilter(tree: TreeSearchParameters(budget: 4, lookahead: 1)) }
        #expect(throws: PonderError.self) { try ParticleFilter(tree: TreeSearchParameters(budget: 4, maxDepth: 0)) }
        // N need not be a multiple of the beam width.
        #expect((try? ParticleFilter(tree: TreeSearchParameters(budget: 6, beamWidth: 4)))?.budget == 6)
    }

    @Test func aBudgetAboveThePolicysSequencesIsRefused() async {
        let policy = StepScriptPolicy(maxParallelSequences: 2) { _, _ in .init("x") }
        await #expect(throws: PonderError.self) {
            _ = try await run(ParticleFilterParameters(), policy: policy)
        }
    }

    @Test func aPlannedConfigurationKeepsTheResamplingKnobs() throws {
        let knobs = ParticleFilterParameters(temperature: 0.5, scheme: .systematic, essThreshold: 0.5)
        let measured = MeasuredAccuracy(problems: 10, accuracy: 0.5, lower: 0.4, upper: 0.6)
        let configuration = PlannedConfiguration(
            strategy: .particleFilter, budget: 8, rule: .lastMax, verifier: "self-certainty",
            sampling: SamplingParameters(), tree: TreeSearchParameters(budget: 8), particles: knobs,
            overall: measured, bins: [:], cost: MeasuredCost(generations: 8, generatedTokens: 1, flops: 1, seconds: 1))
        let built = try #require(try configuration.makeStrategy(seed: 3) as? ParticleFilter)
        #expect(built.resampling == knobs && built.sampling.seed == 3)
        #expect(configuration.label == "particle-filter@8 T=0.5 systematic ESS=0.5/prm-last-max")

        // A profile written before particle filtering has no `particles`: it decodes, and builds the defaults.
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(configuration)) as? [String: Any])
        object["particles"] = nil
        let old = try JSONDecoder().decode(
            PlannedConfiguration.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.particles == nil)
        #expect((try old.makeStrategy(seed: 0) as? ParticleFilter)?.resampling == ParticleFilterParameters())
    }

    @Test func theStrategyIsBuiltByName() throws {
        let kind = try StrategyKind(parsing: "particle-filter")
        #expect(kind == .particleFilter && kind.usesVerifier)
        #expect(kind.defaultSelection == .lastMax)
        let strategy = try kind.makeStrategy(
            tree: TreeSearchParameters(budget: 8), parameters: SamplingParameters(), selection: kind.defaultSelection,
            particles: ParticleFilterParameters(temperature: 0.5, scheme: .systematic, essThreshold: 0.5))
        let filter = try #require(strategy as? ParticleFilter)
        #expect(filter.budget == 8 && filter.parallelWidth == 8 && filter.name == "particle-filter")
        #expect(filter.resampling == ParticleFilterParameters(temperature: 0.5, scheme: .systematic, essThreshold: 0.5))
    }
}

/// Particle filtering when the search is cancelled: by the policy mid-step, or by the task between steps.
@Suite struct ParticleFilterCancellationTests {
    let problem = Problem(statement: "Cancelled particles")

    @Test func aCancelledStepStopsTheSearchWithTheParticlesSoFar() async throws {
        let policy = StepScriptPolicy { path, sibling in
            path.isEmpty ? .init("s\(sibling)") : .init("half", .cancelled)
        }
        let result = try await ParticleFilter(tree: TreeSearchParameters(budget: 2)).search(
            problem,
            in: SearchContext(
                policy: policy, verifier: ScriptedPRM(table: [:]), grader: MathGrader(configuration: .voting)))
        #expect(result.stopReason == .cancelled)
        #expect(result.candidates.count == 2, "the particles as they were before the cancelled step")
        #expect(result.candidates.allSatisfy { $0.finishReason == .cancelled && $0.steps.count == 1 })
        #expect(result.answer == nil)
    }

    @Test func cancellingTheTaskStopsBeforeTheNextStep() async throws {
        let gate = Gate()
        let policy = GatedPolicy(gate: gate) { path, sibling in .init("step\(path.count)-\(sibling)") }
        let strategy = try ParticleFilter(tree: TreeSearchParameters(budget: 2, maxDepth: 10))
        let task = Task {
            try await strategy.search(
                problem,
                in: SearchContext(
                    policy: policy, verifier: ScriptedPRM(table: [:]), grader: MathGrader(configuration: .voting)))
        }
        // The first step's call waits at the gate; the task is cancelled while it waits, then the step ends.
        #expect(try await Polling.until { gate.waitingCount == 1 })
        task.cancel()
        gate.open()
        let result = try await task.value
        #expect(result.stopReason == .cancelled)
        #expect(policy.inner.calls.count == 1, "no step after the cancellation")
        #expect(result.candidates.count == 2)
        #expect(result.candidates.allSatisfy { $0.finishReason == .cancelled && $0.steps == [$0.steps[0]] })
    }
}

/// A step-script policy whose first call waits at a gate.
private final class GatedPolicy: PolicyModel, Sendable {
    let gate: Gate
    let inner: StepScriptPolicy

    init(gate: Gate, script: @escaping StepScriptPolicy.Script) {
        self.gate = gate
        self.inner = StepScriptPolicy(script: script)
    }

    var descriptor: ModelDescriptor { inner.descriptor }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        try await inner.renderPrompt(messages)
    }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        await gate.wait()
        return try await inner.continueSolutions(requests, parameters: parameters, progress: progress)
    }
}
