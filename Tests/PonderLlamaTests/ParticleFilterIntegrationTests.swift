import Foundation
import PonderCore
import PonderLlama
import PonderMath
import Synchronization
import Testing

/// Particle filtering on the real 0.5B policy, weighted by its own self-certainty: a cheap smoke test
/// (N = 2, 64 tokens per solution).
extension RealModels {
    @Suite(.serialized, .enabled(if: TestModel.isAvailable, "default model not installed: run `make models`"))
    struct ParticleFilterIntegrationTests {
        let problem = Problem(statement: "What is the sum of the first 5 positive odd integers?")

        @Test func particlesRunOnTheRealPolicyWithoutRedecodingSharedPrefixes() async throws {
            let engine = try await TestModel.engine()
            let nodes = Mutex<[SearchTraceEvent]>([])
            let strategy = try ParticleFilter(
                tree: TreeSearchParameters(budget: 2, maxDepth: 6, keepLengthCapped: true),
                sampling: SamplingParameters(seed: 3, maxStepTokens: 32, maxTokens: 64))
            let result = try await strategy.search(
                problem,
                in: SearchContext(
                    policy: LlamaPolicy(engine: engine), grader: MathGrader(configuration: .voting),
                    trace: { event in nodes.withLock { $0.append(event) } }))

            #expect(result.stopReason == .completed)
            #expect(result.candidates.count == 2, "the final population is N particles")
            for candidate in result.candidates {
                #expect(candidate.stepScores?.count == candidate.steps.count)
                #expect(candidate.stepScores?.allSatisfy { $0 > 0 && $0 <= 1 } == true)
                #expect(candidate.generatedTokens <= 64)
            }
            let prompt = try await engine.renderPrompt(PromptStyle().messages(for: problem))
            let usage = result.accounting.policy.usage
            let requests = nodes.withLock { $0.filter { $0.depth > 0 }.count }
            // The prompt is decoded once; each later request (copies included) re-evaluates at most its pending
            // last token.
            #expect(usage.promptTokensEvaluated <= prompt.tokens.count + requests)
            #expect(usage.promptTokensReused > usage.promptTokensEvaluated)
            let events = nodes.withLock { $0 }
            #expect(Set(events.map(\.node)).count == events.count, "each node is decided once")
            #expect(events.contains { $0.state == .finished })
        }
    }
}
