import PonderCore
import PonderMath
import PonderTesting
import Synchronization
import Testing

/// Progress as data: a scripted run's progress events, and the lines a display draws from them.
@Suite struct SearchProgressTests {
    let problem = Problem(statement: "Progress")

    /// Majority vote N = 4 over a policy that reports each sample as it ends. Each scripted solution is
    /// "Let us think.\n\n" (15 tokens) and "The answer is $\boxed{4}$." (26 tokens): 41 tokens.
    @Test func majorityShowsFinishedAndLiveSamplesAndTokensAgainstTheCap() async throws {
        let events = ProgressRecorder()
        let policy = ProgressReportingPolicy(ScriptedPolicy(answers: ["4", "4", "5", "4"]))
        let parameters = SamplingParameters(maxTokens: 1000)
        _ = try await MajorityVote(n: 4, parameters: parameters)
            .search(
                problem,
                in: SearchContext(
                    policy: policy, grader: MathGrader(configuration: .voting), progress: events.handler))

        let lines = events.events.map { event in
            var event = event
            event.elapsed = 0
            return event.line
        }
        #expect(
            lines == [
                "majority N=4 · sampling 0/4 done, 4 live · 0/4,000 tokens · 0.0 tok/s · 0s",
                "majority N=4 · sampling 1/4 done, 3 live · 41/4,000 tokens · 0.0 tok/s · 0s",
                "majority N=4 · sampling 2/4 done, 2 live · 82/4,000 tokens · 0.0 tok/s · 0s",
                "majority N=4 · sampling 3/4 done, 1 live · 123/4,000 tokens · 0.0 tok/s · 0s",
                "majority N=4 · sampling 4/4 done, 0 live · 164/4,000 tokens · 0.0 tok/s · 0s",
                "majority N=4 · sampling 4/4 done, 0 live · 164/4,000 tokens · 0.0 tok/s · 0s",
                "majority N=4 · done · 164/4,000 tokens · 0.0 tok/s · 0s",
            ])
    }

    @Test func bestOfNShowsItsScoringPhase() async throws {
        let events = ProgressRecorder()
        _ = try await BestOfN(n: 2)
            .search(
                problem,
                in: SearchContext(
                    policy: ScriptedPolicy(answers: ["1", "2"]), verifier: ScriptedPRM(table: [:]),
                    grader: MathGrader(configuration: .voting), progress: events.handler))
        #expect(events.events.map(\.phase) == [.sampling, .sampling, .scoring, .done])
        #expect(events.events.last?.generatedTokens == 82)
    }

    /// N = 4, M = 2: two beams. Depth 1: a0, a0 again (dropped), a2, a3; a3 and a2 kept, a0 pruned.
    /// Depth 2: a3's children are boxed; a3-b0 (finished) and a2-b0 kept, a3-b1 and a2-b1 pruned. Depth 3:
    /// one beam left, two children that end; c1 kept (finished), c0 pruned.
    @Test func beamSearchCountsFromTheStartAndShowsDepthBeamsAndPrunedCounts() async throws {
        let policy = ProgressReportingPolicy(
            StepScriptPolicy { path, sibling in
                switch path.count {
                case 0: return .init(sibling == 1 ? "a0" : "a\(sibling)")
                case 1: return .init("\(path[0])-b\(sibling)" + (path[0] == "a3" ? " \\boxed{3}" : ""))
                default: return .init("\(path[1])-c\(sibling) \\boxed{2}", .endOfGeneration)
                }
            })
        let verifier = ScriptedPRM { path in
            let step = path.last ?? ""
            let table = ["a3": 0.9, "a2": 0.8, "a3-b0 \\boxed{3}": 0.95, "a3-b1 \\boxed{3}": 0.5, "a2-b0": 0.7]
            return table[step] ?? (step.hasSuffix("c1 \\boxed{2}") ? 0.45 : 0.1)
        }
        let events = ProgressRecorder()
        let trace = TraceEventRecorder()
        let result = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2))
            .search(
                problem,
                in: SearchContext(
                    policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting),
                    progress: events.handler, trace: trace.handler))
        let all = events.events
        let tokens = all.map(\.generatedTokens)
        #expect(tokens == tokens.sorted(), "tokens never go back at a new depth")
        #expect(all.map(\.elapsed) == all.map(\.elapsed).sorted(), "the clock never restarts")
        let depths = all.compactMap { $0.tree?.depth }
        #expect(depths == depths.sorted())
        #expect(Set(depths) == [1, 2, 3])
        let sampling = all.filter { $0.phase == .sampling && $0.call?.finished == 0 }
        #expect(sampling.map { $0.tree?.liveBeams } == [1, 2, 1], "the root, two beams, then one")
        #expect(sampling.map { $0.call?.requests } == [4, 4, 2])
        let last = try #require(all.last)
        #expect(last.phase == .done)
        #expect(last.tree?.finishedPaths == 2)
        #expect(last.tree?.targetPaths == 2)
        #expect(last.tree?.pruned == 4)
        #expect(last.tree?.pruned == trace.events.count { $0.state == .pruned })
        #expect(last.tree?.dropped == 1)
        #expect(last.generatedTokens == result.accounting.policy.usage.generatedTokens)
        var final = last
        final.elapsed = 0
        #expect(
            final.line
                == "beam N=4 · depth 3/40 · done · 2/2 paths finished · 4 pruned · 1 dropped · "
                + "\(final.generatedTokens) tokens · 0.0 tok/s · 0s")
    }

    /// The events of the scripted majority run, 3 seconds apart, through a plain display that draws every 5
    /// seconds: the first, those 5 seconds after the last drawn, and the final one.
    @Test func aPlainDisplayDrawsPeriodicLinesAndTheLastOne() async throws {
        let events = ProgressRecorder()
        _ = try await MajorityVote(n: 4, parameters: SamplingParameters(maxTokens: 1000))
            .search(
                problem,
                in: SearchContext(
                    policy: ProgressReportingPolicy(ScriptedPolicy(answers: ["4", "4", "5", "4"])),
                    grader: MathGrader(configuration: .voting), progress: events.handler))
        var renderer = ProgressRenderer(mode: .plain(interval: 5))
        var drawn: [String] = []
        for (index, event) in events.events.enumerated() {
            var event = event
            event.elapsed = Double(index) * 3
            if let text = renderer.render(event.segments, at: event.elapsed, final: event.phase == .done) {
                drawn.append(text)
            }
        }
        #expect(
            drawn == [
                "majority N=4 · sampling 0/4 done, 4 live · 0/4,000 tokens · 0.0 tok/s · 0s\n",
                "majority N=4 · sampling 2/4 done, 2 live · 82/4,000 tokens · 13.7 tok/s · 6s\n",
                "majority N=4 · sampling 4/4 done, 0 live · 164/4,000 tokens · 13.7 tok/s · 12s\n",
                "majority N=4 · done · 164/4,000 tokens · 9.1 tok/s · 18s\n",
            ])
    }

    @Test func aTerminalLineIsRedrawnInPlaceAndCutToItsWidth() {
        let progress = SearchProgress(
            strategy: "beam", budget: 16, phase: .sampling, elapsed: 125, generatedTokens: 12_345,
            call: .init(requests: 16, finished: 10),
            tree: .init(depth: 3, maxDepth: 40, liveBeams: 4, finishedPaths: 1, targetPaths: 4, pruned: 36, dropped: 3))
        #expect(
            progress.line
                == "beam N=16 · depth 3/40 · 4 beams live · sampling 10/16 done, 6 live · 1/4 paths finished · "
                + "36 pruned · 3 dropped · 12,345 tokens · 98.8 tok/s · 2m05s")
        var wide = ProgressRenderer(mode: .terminal(width: 200))
        #expect(wide.render(progress.segments, at: 0) == "\r\u{1B}[2K" + progress.line)
        #expect(wide.render(progress.segments, at: 0.1) == nil, "too soon to redraw")
        #expect(wide.render(progress.segments, at: 0.1, final: true) != nil, "the last snapshot is always drawn")
        var narrow = ProgressRenderer(mode: .terminal(width: 61))
        let cut = narrow.render(progress.segments, at: 0)
        #expect(
            cut == "\r\u{1B}[2K" + "beam N=16 · depth 3/40 · sampling 10/16 done, 6 live",
            "the least important parts go first, the order stays")
        var tiny = ProgressRenderer(mode: .terminal(width: 8))
        #expect(tiny.render(progress.segments, at: 0) == "\r\u{1B}[2K" + "beam N…")
    }

    @Test func segmentsDropTheLowestPriorityFirstAndTheLaterAmongEquals() {
        let segments = [
            ProgressSegment("aaaa", priority: 3), ProgressSegment("bb", priority: 1),
            ProgressSegment("cc", priority: 1),
            ProgressSegment("dd", priority: 2),
        ]
        #expect(ProgressSegment.line(segments, width: 100) == "aaaa · bb · cc · dd")
        #expect(ProgressSegment.line(segments, width: 14) == "aaaa · bb · dd")
        #expect(ProgressSegment.line(segments, width: 9) == "aaaa · dd")
        #expect(ProgressSegment.line(segments, width: 4) == "aaaa")
    }

    @Test func countsAndDurationsAreFormattedForPeople() {
        #expect(ProgressSegment.count(131_072) == "131,072")
        #expect(ProgressSegment.count(999) == "999")
        #expect(ProgressSegment.count(-1_000) == "-1,000")
        #expect(ProgressSegment.duration(59.4) == "59s")
        #expect(ProgressSegment.duration(725) == "12m05s")
        #expect(ProgressSegment.duration(3720) == "1h02m")
        #expect(ProgressSegment.rate(41.25) == "41.3")
    }
}

/// Collects progress snapshots.
final class ProgressRecorder: Sendable {
    private let storage = Mutex<[SearchProgress]>([])
    var events: [SearchProgress] { storage.withLock { $0 } }
    var handler: SearchProgressHandler { { [self] event in storage.withLock { $0.append(event) } } }
}

/// Collects trace events.
final class TraceEventRecorder: Sendable {
    private let storage = Mutex<[SearchTraceEvent]>([])
    var events: [SearchTraceEvent] { storage.withLock { $0 } }
    var handler: TraceHandler { { [self] event in storage.withLock { $0.append(event) } } }
}
