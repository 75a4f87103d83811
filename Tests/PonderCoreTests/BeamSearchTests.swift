import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Synchronization
import Testing

/// Beam search and DVTS against hand-worked trees: a step-script policy and a table-driven verifier.
@Suite struct BeamSearchTests {
    let problem = Problem(statement: "Hand-worked tree")

    /// N = 16, M = 4: four beams. Depth 1 has 16 first steps r0…r15: r15 finishes (boxed) with the top
    /// score; r12 is cut by the step limit (dropped); r14 repeats r13's text (dropped). Kept: r15
    /// (finished), r13, r11, r10. Depth 2: three beams × 4; r13's children score highest and r13-c3 is
    /// boxed, so the beam keeps r13-c3 (finished), r13-c2, r13-c1. Depth 3: two beams × 4, every sample
    /// ends; the two best finish and the search holds N/M = 4 paths.
    private func handWorkedPolicy() -> StepScriptPolicy {
        StepScriptPolicy { path, sibling in
            switch path.count {
            case 0:
                if sibling == 15 { return .init("r15 \\boxed{15}") }
                if sibling == 12 { return .init("r12 cut", .stepLimit) }
                if sibling == 14 { return .init("r13") }
                return .init("r\(sibling)")
            case 1:
                let text = "\(path[0])-c\(sibling)"
                return .init(path[0] == "r13" && sibling == 3 ? text + " \\boxed{13}" : text)
            default:
                return .init("\(path.last ?? "")-e\(sibling) \\boxed{\(sibling)}", .endOfGeneration)
            }
        }
    }

    private func handWorkedVerifier() -> ScriptedPRM {
        ScriptedPRM { path in Self.handWorkedScore(path) }
    }

    /// Depth 1: r15 0.99, r13 0.9, others r_i i/100. Depth 2: the parent's base plus the child's index/100.
    /// Depth 3: 0.4 plus the sample's index/100.
    private static func handWorkedScore(_ path: [String]) -> Double {
        let text = path.last ?? ""
        let trailingIndex = Double(Self.lastDigit(in: text)) / 100
        switch path.count {
        case 1:
            if text.hasPrefix("r15") { return 0.99 }
            if text == "r13" { return 0.9 }
            let digits = text.dropFirst().prefix { $0.isNumber }
            return (Double(String(digits)) ?? 0) / 100
        case 2:
            let bases: [String: Double] = ["r13": 0.5, "r11": 0.3, "r10": 0.2]
            let child = text.components(separatedBy: "-c").last?.prefix(1) ?? ""
            return (bases[path[0]] ?? 0) + (Double(String(child)) ?? 0) / 100
        default:
            return 0.4 + trailingIndex
        }
    }

    private static func lastDigit(in text: String) -> Int {
        guard let digit = text.last(where: { $0.isNumber }) else { return 0 }
        return Int(String(digit)) ?? 0
    }

    @Test func beamSearchKeepsTopBeamsByScoreAndShrinksAsPathsFinish() async throws {
        let policy = handWorkedPolicy()
        let verifier = handWorkedVerifier()
        let events = TraceRecorder()
        let strategy = try TreeSearch(.beam, tree: TreeSearchParameters(budget: 16, beamWidth: 4))
        let result = try await strategy.search(
            problem,
            in: SearchContext(
                policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting), trace: events.handler))

        #expect(policy.calls.map(\.count) == [16, 12, 8], "N first steps, then M per kept beam")
        let paths = result.candidates.map(\.steps)
        #expect(paths.count == 4, "N/M finished paths")
        #expect(paths[0] == ["r15 \\boxed{15}"])
        #expect(paths[1] == ["r13", "r13-c3 \\boxed{13}"])
        #expect(paths[2] == ["r13", "r13-c2", "r13-c2-e3 \\boxed{3}"])
        #expect(paths[3] == ["r13", "r13-c1", "r13-c1-e3 \\boxed{3}"], "c1's best (0.43) outranks c2's second (0.42)")
        #expect(result.candidates.allSatisfy { $0.stepScores?.count == $0.steps.count })
        #expect(result.candidates[1].stepScores == [0.9, 0.53])

        let dropped = events.events.filter { $0.state == .dropped }
        #expect(Set(dropped.compactMap(\.reason)) == ["truncated", "duplicate"])
        #expect(dropped.count == 2)
        #expect(events.events.filter { $0.state == .finished }.count == 4)
        #expect(events.events.first?.state == .expanded && events.events.first?.node == 0)
        let nodes = events.events.map(\.node)
        #expect(Set(nodes).count == nodes.count, "each node is decided once")
        #expect(!policy.releasedSolutions.isEmpty, "pruned beams are released")

        // The outcome names each path's finished node, and the chosen leaf is the first of the winning group.
        let outcome = try #require(SearchTraceOutcome(result))
        let finished = events.events.filter { $0.state == .finished }.map(\.node)
        #expect(Set(outcome.paths.map(\.node)) == Set(finished))
        let winner = try #require(result.votes.winner)
        let chosen = try #require(outcome.chosen)
        #expect(chosen == result.candidates[result.votes.groups[winner].members[0]].traceNode)
        #expect(outcome.votes.count { $0.winner } == 1)
        let trace = try SearchTrace(events: events.events, outcome: outcome)
        let pathSteps = trace.chosenPath.dropFirst().map { trace.events[$0].step }
        #expect(pathSteps == result.candidates[result.votes.groups[winner].members[0]].steps)
    }

    @Test func dvtsRunsIndependentSubtreesAndVotesAcrossThem() async throws {
        // N = 8, M = 4: two subtrees of one beam. Siblings 0–3 of the root belong to subtree 0, 4–7 to subtree 1.
        let policy = StepScriptPolicy { path, sibling in
            path.isEmpty
                ? .init("s\(sibling)")
                : .init("\(path[0])-x\(sibling) \\boxed{\(path[0] == "s2" ? 5 : 7)}", .endOfGeneration)
        }
        let verifier = ScriptedPRM { path in
            if path.count == 1 { return ["s2": 0.8, "s5": 0.6][path[0]] ?? 0.1 }
            return path[0] == "s2" ? 0.7 : 0.9
        }
        let result = try await TreeSearch(.dvts, tree: TreeSearchParameters(budget: 8, beamWidth: 4))
            .search(
                problem,
                in: SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting)))
        #expect(policy.calls.map(\.count) == [8, 8])
        #expect(result.candidates.map { $0.steps.first } == ["s2", "s5"], "each subtree keeps its own best")
        #expect(result.candidates.map { $0.answer?.text } == ["5", "7"])
        #expect(result.candidates.map(\.subtree) == [0, 1], "each path carries its subtree")
        #expect(result.answer == "7", "prm-last-vote: 0.9 beats 0.7")
        let majority = try await TreeSearch(
            .dvts, tree: TreeSearchParameters(budget: 8, beamWidth: 4), selection: .majority
        ).search(
            problem, in: SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting)))
        #expect(majority.answer == "5", "a one-one tie goes to the first answer")
    }

    @Test func pathsStopAtTheDepthCap() async throws {
        let policy = StepScriptPolicy { path, sibling in .init("step\(path.count)-\(sibling)") }
        let result = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 4, maxDepth: 3))
            .search(
                problem,
                in: SearchContext(
                    policy: policy, verifier: ScriptedPRM(table: [:]), grader: MathGrader(configuration: .voting)))
        #expect(result.candidates.count == 1)
        #expect(result.candidates[0].steps == ["step0-0", "step1-0", "step2-0"], "ties keep the first sibling")
        #expect(policy.calls.count == 3)
    }

    @Test func fortyStepsIsTheDefaultCap() async throws {
        let policy = StepScriptPolicy { path, _ in .init("s\(path.count)") }
        let result = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 4))
            .search(
                problem,
                in: SearchContext(
                    policy: policy, verifier: ScriptedPRM(table: [:]), grader: MathGrader(configuration: .voting)))
        #expect(result.candidates.map(\.steps.count) == [40])
    }

    @Test func aBeamWhoseSamplesAllDropIsRetriedThenDies() async throws {
        let policy = StepScriptPolicy { _, _ in .init("   ") }
        let result = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 4, retries: 3))
            .search(
                problem,
                in: SearchContext(
                    policy: policy, verifier: ScriptedPRM(table: [:]), grader: MathGrader(configuration: .voting)))
        #expect(policy.calls.count == 4, "the first try and three retries")
        #expect(result.candidates.isEmpty)
        #expect(result.answer == nil)
    }

    @Test func lookaheadScoresACandidateAfterGreedySteps() async throws {
        let policy = StepScriptPolicy { path, sibling in
            path.count >= 2
                ? .init("end \\boxed{\(path[0])}", .endOfGeneration)
                : .init(path.isEmpty ? "a\(sibling)" : "\(path[0])-next")
        }
        // Only the rolled-out step is informative: a1's continuation scores best.
        let verifier = ScriptedPRM { path in path.count == 2 && path[0] == "a1" ? 0.9 : 0.1 }
        let result = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 4, lookahead: 1))
            .search(
                problem,
                in: SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting)))
        #expect(result.candidates.first?.steps.first == "a1")
        #expect(verifier.calls.first?.allSatisfy { $0.steps.count == 2 } == true, "scored after one greedy step")
        #expect(policy.calls[1].count == 4, "one greedy rollout per candidate")
    }

    @Test func verifierAccountingIsSeparateFromThePolicys() async throws {
        let result = try await TreeSearch(.beam, tree: TreeSearchParameters(budget: 16, beamWidth: 4))
            .search(
                problem,
                in: SearchContext(
                    policy: handWorkedPolicy(), verifier: handWorkedVerifier(),
                    grader: MathGrader(configuration: .voting)))
        let verifier = try #require(result.accounting.verifier)
        #expect(verifier.model == "scripted-prm")
        #expect(verifier.usage.promptTokensEvaluated == 14 + 12 + 8, "one scored step per surviving candidate")
        #expect(result.accounting.policy.model == "step-script")
        #expect(result.accounting.totalFLOPs == result.accounting.policy.flops + verifier.flops)
    }

    /// N = 4, M = 2, two beams. Depth 1: a0 ends at the step limit (score 0.9), a1 and a2 go on (0.5, 0.4), a3
    /// hits the solution's length cap (0.1). Dropping capped paths keeps a1, a2; keeping them finishes a0 and
    /// leaves one beam (a1), whose children end the search at depth 2 (each beam's first child scores best).
    @Test func lengthCappedPathsFinishWhenKeptAndAreDroppedOtherwise() async throws {
        let policy = StepScriptPolicy { path, sibling in
            if path.isEmpty {
                switch sibling {
                case 0: return .init("a0 cut", .stepLimit)
                case 3: return .init("a3 cut", .length)
                default: return .init("a\(sibling)")
                }
            }
            return .init("\(path[0])-x\(sibling) \\boxed{\(sibling)}", .endOfGeneration)
        }
        let verifier = ScriptedPRM { path in
            if path.count == 2 { return path[1].contains("-x0") ? 0.6 : 0.2 }
            return ["a0 cut": 0.9, "a1": 0.5, "a2": 0.4, "a3 cut": 0.1][path.last ?? ""] ?? 0.3
        }
        func run(keep: Bool) async throws -> (SearchResult, [SearchTraceEvent]) {
            let events = TraceRecorder()
            let result = try await TreeSearch(
                .beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2, keepLengthCapped: keep)
            ).search(
                problem,
                in: SearchContext(
                    policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting),
                    trace: events.handler))
            return (result, events.events)
        }
        let (dropped, droppedEvents) = try await run(keep: false)
        #expect(dropped.candidates.allSatisfy { $0.finishReason == .endOfGeneration })
        #expect(dropped.candidates.map { $0.steps.first } == ["a1", "a2"])
        #expect(droppedEvents.filter { $0.reason == "truncated" }.count == 2)

        let (kept, keptEvents) = try await run(keep: true)
        #expect(kept.candidates.count == 2, "N/M paths")
        #expect(kept.candidates[0].steps == ["a0 cut"])
        #expect(kept.candidates[0].finishReason == .stepLimit, "a capped path finishes as it is")
        #expect(kept.candidates[1].steps.first == "a1")
        #expect(keptEvents.filter { $0.reason == "truncated" }.isEmpty)
    }

    @Test(arguments: [(16, 3), (16, 0), (2, 4), (-4, 4), (0, 4)])
    func invalidBudgetsAndWidthsAreRejected(n: Int, m: Int) {
        #expect(throws: PonderError.self) { try TreeSearch(.beam, tree: TreeSearchParameters(budget: n, beamWidth: m)) }
        #expect(throws: PonderError.self) {
            try TreeSearch(.dvts, tree: TreeSearchParameters(budget: n, beamWidth: m))
        }
    }
}

/// Collects trace events.
final class TraceRecorder: Sendable {
    private let storage = Mutex<[SearchTraceEvent]>([])
    var events: [SearchTraceEvent] { storage.withLock { $0 } }
    var handler: TraceHandler { { [self] event in storage.withLock { $0.append(event) } } }
}
