import Foundation
import PonderBackends
import PonderCore
import PonderTesting
import Testing

@testable import PonderLlama

/// The generative verifier as an outcome judge on the real 1.5B model.
extension RealModels {
    @Suite(.serialized, .enabled(if: TestModel.isVerifierAvailable, "models not installed: run `make models`"))
    struct OutcomeJudgeTests {
        let problem = Problem(statement: "What is 12 times 3?")

        private func solution(_ product: Int) -> [Step] {
            ["We multiply 12 by 3.\n\n", "12 × 3 = \(product).\n\n", "So the answer is \\boxed{\(product)}."].map {
                Step(text: $0, tokens: [])
            }
        }

        @Test func aWrongWholeSolutionScoresBelowARightOneInOneBatchedCall() async throws {
            let judge = try GenerativeVerifier(engine: try await TestModel.verifierEngine())
            let scores = try await judge.scoreOutcomes([
                OutcomeScoringRequest(problem: problem, steps: solution(36)),
                OutcomeScoringRequest(problem: problem, steps: solution(32)),
            ])
            #expect(scores.count == 2)
            #expect(scores.allSatisfy { $0.score > 0 && $0.score < 1 && !$0.failed })
            #expect(scores[1].score < scores[0].score, "wrong \(scores[1].score) vs right \(scores[0].score)")
            #expect(scores.allSatisfy { $0.usage.promptTokensEvaluated + $0.usage.promptTokensReused > 40 })
        }

        @Test func thePairwiseJudgePrefersTheRightSolutionInBothOrders() async throws {
            let judge = try GenerativePairwiseJudge(engine: try await TestModel.verifierEngine())
            let comparisons = try await judge.compare([
                PairwiseComparisonRequest(problem: problem, first: solution(36), second: solution(32)),
                PairwiseComparisonRequest(problem: problem, first: solution(32), second: solution(36)),
            ])
            #expect(comparisons.count == 2)
            #expect(comparisons.allSatisfy { $0.probabilityFirst > 0 && $0.probabilityFirst < 1 })
            // The right one's preference, averaged over both orders (which cancels a bias towards A or B).
            let right = (comparisons[0].probabilityFirst + 1 - comparisons[1].probabilityFirst) / 2
            #expect(right > 0.5, "A=36: \(comparisons[0].probabilityFirst), A=32: \(comparisons[1].probabilityFirst)")
            #expect(comparisons.allSatisfy { $0.usage.promptTokensEvaluated + $0.usage.promptTokensReused > 80 })
        }

        /// Outcome mode asks for room for the judge's words around the whole solution: a verifier context that
        /// holds a step judgment of a 1000-token solution (512 + 1000 cells) but not the outcome prompt
        /// (512 + 64 + 1000) is refused before anything loads. Only the GGUF vocabularies are read.
        @Test func aWholeSolutionLargerThanTheJudgesContextIsRefused() throws {
            let policy = try #require(TestModel.path)
            let judge = try #require(TestModel.verifierPath)
            let configuration = BackendConfiguration(
                policy: .local(EngineConfiguration(modelPath: policy, contextLength: 4096, maxSequences: 4)),
                verifier: VerifierConfiguration(
                    kind: .generative,
                    local: EngineConfiguration(modelPath: judge, contextLength: 1540, maxSequences: 4)))
            func workload(_ mode: VerifierMode) -> Workload {
                Workload(parallelWidth: 4, maxTokens: 1000, usesVerifier: true, verifierMode: mode)
            }
            _ = try configuration.validated(for: workload(.step))
            #expect {
                try configuration.validated(for: workload(.outcome))
            } throws: { error in
                "\(error)".hasPrefix("One outcome-judge sequence may need 1576 KV cells")
                    && "\(error)".contains("the outcome judge reads the problem and the whole solution")
            }
        }
    }
}
