import Foundation
import PonderCore
import PonderLlama
import PonderMath
import Synchronization
import Testing

/// Beam search and DVTS on the real 0.5B policy with the generative verifier on the real 1.5B model.
extension RealModels {
    @Suite(.serialized, .enabled(if: TestModel.isVerifierAvailable, "models not installed: run `make models`"))
    struct TreeSearchIntegrationTests {
        let problem = Problem(statement: "What is the sum of the first 5 positive odd integers?")
        let parameters = SamplingParameters(maxStepTokens: 160, maxTokens: 480)

        private func context(
            _ policy: LlamaEngine, verifier: any ProcessRewardModel, trace: TraceHandler? = nil
        ) -> SearchContext {
            SearchContext(
                policy: LlamaPolicy(engine: policy), verifier: verifier, grader: MathGrader(configuration: .voting),
                trace: trace)
        }

        @Test(arguments: [StrategyKind.beam, .dvts])
        func treeSearchRunsOnRealModelsWithoutRedecodingKeptPrefixes(kind: StrategyKind) async throws {
            let policy = try await TestModel.engine()
            let verifier = try GenerativeVerifier(engine: try await TestModel.verifierEngine())
            let nodes = Mutex<[SearchTraceEvent]>([])
            let strategy = try kind.makeStrategy(
                tree: TreeSearchParameters(budget: 4, beamWidth: kind == .beam ? 2 : 2, maxDepth: 8),
                parameters: parameters)
            let result = try await strategy.search(
                problem, in: context(policy, verifier: verifier) { event in nodes.withLock { $0.append(event) } })

            #expect(!result.candidates.isEmpty)
            #expect(result.candidates.count <= 2, "N/M paths")
            for candidate in result.candidates {
                #expect(candidate.stepScores?.count == candidate.steps.count)
                #expect(candidate.stepScores?.allSatisfy { $0 > 0 && $0 < 1 } == true)
            }
            let prompt = try await policy.renderPrompt(PromptStyle().messages(for: problem))
            let usage = result.accounting.policy.usage
            let requests = nodes.withLock { $0.filter { $0.depth > 0 }.count }
            // The prompt is decoded once; each later request re-evaluates at most its pending last token.
            #expect(usage.promptTokensEvaluated <= prompt.tokens.count + requests)
            #expect(usage.promptTokensReused > usage.promptTokensEvaluated)
            let verifierUsage = try #require(result.accounting.verifier).usage
            #expect(verifierUsage.promptTokensReused > 0, "sibling judgments share their prompt prefix")
            #expect(result.accounting.verifier?.flops ?? 0 > 0)
            #expect(nodes.withLock { $0.contains { $0.state == .finished } })
        }

        @Test func verifierModelWithoutAChatTemplateIsRejectedBeforeDecoding() async throws {
            let path = try #require(TestModel.gemmaPath)
            let gemma = try await LlamaEngine.load(
                EngineConfiguration(modelPath: path, contextLength: 256, maxSequences: 2))
            #expect {
                try GenerativeVerifier(engine: gemma)
            } throws: { error in
                "\(error)".contains("has no chat template")
            }
            #expect(await gemma.liveSequenceCount == 0)
        }
    }
}
