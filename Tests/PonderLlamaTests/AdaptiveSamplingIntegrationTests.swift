import Foundation
import PonderCore
import PonderLlama
import PonderMath
import Testing

/// A stopping rule on the real engine: the samples run as concurrent single-request calls that share the
/// prompt's cache, and the samples cancelled when the rule fires free their sequences.
extension RealModels {
    @Suite(.serialized, .enabled(if: TestModel.isAvailable, "default model not installed: run `ponder models pull`"))
    struct AdaptiveSamplingIntegrationTests {
        @Test func aSettledMajorityReusesThePromptAndReleasesTheCancelledSamples() async throws {
            let engine = try await TestModel.engine()
            let problem = Problem(statement: "What is 2 + 2?")
            let prompt = try await engine.renderPrompt(PromptStyle().messages(for: problem))
            // P(leader) after one answer is 0.75 ≥ 0.6: the rule fires on the first sample with an answer.
            let rule = try StoppingRule(kind: .beta, threshold: 0.6)
            let strategy = try MajorityVote(
                n: 4, parameters: SamplingParameters(seed: 7, maxTokens: 256), stopping: rule)
            let result = try await strategy.search(
                problem,
                in: SearchContext(policy: LlamaPolicy(engine: engine), grader: MathGrader(configuration: .voting)))
            #expect(result.stopReason == .settled)
            #expect(result.samplesSpent < 4)
            #expect(result.candidates.contains { $0.finishReason == .cancelled })
            // One call decodes the prompt; every other call copies it from that call's sequence.
            let reused = result.candidates.map(\.usage.promptTokensReused)
            #expect(reused.count { $0 == prompt.tokens.count - 1 } == 3, "\(reused)")
            // The finished samples stay cached; the cancelled ones were released. Finished is not the same as
            // spent: a sample that ends before the rule fires on an earlier one, or in the same decoding step, is
            // finished (and cached) without being one the rule decided on, depending on how the batch ran.
            let finished = result.candidates.count { $0.finishReason != .cancelled }
            #expect(finished >= result.samplesSpent)
            let live = await engine.liveSequenceCount
            #expect(
                live == finished, "\(result.candidates.map(\.finishReason)), \(result.samplesSpent) spent")
        }
    }
}
