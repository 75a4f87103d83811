import Foundation
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
    }
}
