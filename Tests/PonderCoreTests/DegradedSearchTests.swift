import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Synchronization
import Testing

/// A backend that fails some requests degrades a search (recorded in the result) instead of aborting it.
@Suite struct DegradedSearchTests {
    let problem = Problem(statement: "What is 2+2?")

    @Test func majorityVoteKeepsTheFailedSampleAsAFailedCandidate() async throws {
        let policy = FailingPolicy(ScriptedPolicy(answers: ["4", "4", "5", "4"])) { _, request in request == 2 }
        let result = try await MajorityVote(n: 4).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(result.answer == "4")
        #expect(result.stopReason == .completed)
        #expect(
            result.candidates.map(\.finishReason) == [.endOfGeneration, .endOfGeneration, .failed, .endOfGeneration])
        #expect(result.candidates[2].answer == nil)
        #expect(result.accounting.policy.failedRequests == 1)
        #expect(result.accounting.failedRequests == 1)
    }

    @Test func beamSearchDropsFailedSamplesAndSamplesTheirParentAgain() async throws {
        let base = ScriptedPolicy(scripts: [.init(steps: ["Step one.\n\n", "So \\boxed{4}."])])
        // The whole first call fails: the root is sampled again, as when every sample drops.
        let policy = FailingPolicy(base) { call, _ in call == 0 }
        let events = Mutex<[SearchTraceEvent]>([])
        let strategy = try TreeSearch(.beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2, maxDepth: 5))
        let result = try await strategy.search(
            problem,
            in: SearchContext(
                policy: policy, grader: MathGrader(configuration: .voting),
                trace: { event in events.withLock { $0.append(event) } }))
        #expect(result.answer == "4")
        #expect(result.accounting.policy.failedRequests == 4)
        let failed = events.withLock { $0.filter { $0.reason == "failed" } }
        #expect(failed.count == 4)
        #expect(failed.allSatisfy { $0.state == .dropped && $0.depth == 1 })
    }

    @Test func failedScoringRanksAPathLastAndIsCounted() async throws {
        let verifier = FailingVerifier()
        let policy = ScriptedPolicy(answers: ["4", "5"])
        let result = try await BestOfN(n: 2, selection: .lastMax).search(
            problem, in: SearchContext(policy: policy, verifier: verifier, grader: MathGrader(configuration: .voting)))
        #expect(result.answer == "5", "the first path's scoring failed, so it scores 0")
        #expect(result.accounting.verifier?.failedRequests == 1)
        #expect(result.candidates[0].stepScores == [0, 0])
    }

    @Test func accountingWithoutFailedRequestsDecodesFromOlderJSON() throws {
        let json =
            #"{"model":"m","parameterCount":1,"usage":{"promptTokensEvaluated":1,"promptTokensReused":0,"generatedTokens":2},"seconds":0.5}"#
        let compute = try JSONDecoder().decode(ModelCompute.self, from: Data(json.utf8))
        #expect(compute.failedRequests == 0)
        let encoded = String(decoding: try JSONEncoder().encode(compute), as: UTF8.self)
        #expect(encoded.contains("\"failedRequests\":0"))
    }
}

/// Fails the first request of every call; scores the others 0.9.
private struct FailingVerifier: ProcessRewardModel {
    var name: String { "failing" }
    var descriptor: ModelDescriptor? {
        ModelDescriptor(name: "failing", parameterCount: 1, contextLength: 1 << 20, maxParallelSequences: 64)
    }

    func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        requests.enumerated().map { index, request in
            let count = request.steps.count - request.firstStep
            return index == 0 ? .failure(count: count) : StepScores(scores: Array(repeating: 0.9, count: count))
        }
    }
}
