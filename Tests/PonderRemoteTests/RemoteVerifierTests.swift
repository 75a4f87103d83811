import Foundation
import PonderCore
import PonderRemote
import Testing

/// The verifiers over HTTP against the fake server: `/pooling`, prompt log-probabilities, the judge's Yes/No.
@Suite struct RemoteVerifierTests {
    private let steps = [RemoteTest.step("Step one.\n\n"), RemoteTest.step("Step two.\n\n")]

    @Test func poolingPRMScoresEachStepByTheRowsSecondValue() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let prm = try await PoolingPRM.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let scores = try await prm.scoreSteps([
                    StepScoringRequest(problem: RemoteTest.problem, steps: steps, firstStep: 0),
                    StepScoringRequest(problem: RemoteTest.problem, steps: steps),
                ])
                #expect(scores.map(\.scores) == [[0.9, 0.3], [0.3]])
                #expect(scores.allSatisfy { !$0.failed && $0.usage.promptTokensEvaluated == 40 })
                let body = try #require(fake.requests(to: "/pooling").first?.json)
                let messages = try #require(body["messages"] as? [[String: String]])
                #expect(messages.map { $0["role"] ?? "" } == ["system", "user", "assistant"])
                #expect(messages[2]["content"] == "Step one.<extra_0>Step two.<extra_0>")
                #expect(body["add_generation_prompt"] as? Bool == false)
                #expect(fake.requests(to: "/v1/completions").isEmpty, "a pooling server is not asked for completions")
            }
        }
    }

    @Test(arguments: [-1, 1])
    func poolingRowCountMismatchIsAClearError(delta: Int) async throws {
        let fake = FakeVLLM(.init(poolingRowDelta: delta))
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let prm = try await PoolingPRM.connect(RemoteTest.configuration([endpoint]), transport: transport)
                await #expect {
                    try await prm.scoreSteps([
                        StepScoringRequest(problem: RemoteTest.problem, steps: steps, firstStep: 0)
                    ])
                } throws: { error in
                    "\(error)"
                        == "Server '\(endpoint.baseURL)' returned \(2 + delta) reward rows for input 0 but 2 step tags were sent"
                }
                #expect(fake.requests(to: "/pooling").count == 1, "not retried")
            }
        }
    }

    @Test func generativeVerifierReadsYesAndNoFromTheNextTokenLogProbabilities() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let judge = try await RemoteGenerativeVerifier.connect(
                    RemoteTest.configuration([endpoint]), transport: transport)
                let scores = try await judge.scoreSteps([
                    StepScoringRequest(problem: RemoteTest.problem, steps: steps, firstStep: 0)
                ])
                let values = try #require(scores.first?.scores)
                #expect(values.count == 2)
                #expect(abs(values[0] - 0.9) < 1e-6)
                #expect(abs(values[1] - 0.2) < 1e-6)
                let body = try #require(fake.requests(to: "/v1/completions").last?.json)
                #expect(body["max_tokens"] as? Int == 1)
                #expect(body["logprobs"] as? Int == 20)
                #expect(body["return_tokens_as_token_ids"] as? Bool == true)
                let rendered = try #require(
                    fake.requests(to: "/tokenize").last?.json["messages"] as? [[String: String]])
                #expect(
                    rendered
                        == JudgePrompt.messages(problem: RemoteTest.problem, steps: steps.map(\.text)).map {
                            ["role": $0.role.rawValue, "content": $0.content]
                        })
            }
        }
    }

    /// The fake judge doubts a listing whose last `Step` line says "two" (0.2) and trusts one that does not (0.9):
    /// with the `steps` outcome prompt each whole solution is one request, its steps listed as the prompt says.
    @Test func generativeOutcomeJudgeScoresEachWholeSolutionInOneRequest() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let judge = try await RemoteGenerativeVerifier.connect(
                    RemoteTest.configuration([endpoint]), transport: transport, outcomePrompt: .steps)
                #expect(judge.name == "generative/steps")
                let before = fake.requests(to: "/v1/completions").count
                let scores = try await judge.scoreOutcomes([
                    OutcomeScoringRequest(problem: RemoteTest.problem, steps: steps),
                    OutcomeScoringRequest(problem: RemoteTest.problem, steps: Array(steps.reversed())),
                ])
                #expect(scores.count == 2)
                #expect(abs(scores[0].score - 0.2) < 1e-6)
                #expect(abs(scores[1].score - 0.9) < 1e-6)
                #expect(scores.allSatisfy { !$0.failed })
                #expect(fake.requests(to: "/v1/completions").count - before == 2, "one request per solution")
                let rendered = try #require(
                    fake.requests(to: "/tokenize").last?.json["messages"] as? [[String: String]])
                let expected = [
                    OutcomeJudgePrompt.steps.messages(problem: RemoteTest.problem, steps: steps.map(\.text)),
                    OutcomeJudgePrompt.steps.messages(
                        problem: RemoteTest.problem, steps: steps.reversed().map(\.text)),
                ].map { $0.map { ["role": $0.role.rawValue, "content": $0.content] } }
                #expect(expected.contains(rendered))
            }
        }
    }

    @Test(arguments: [PRMFormat.mathShepherd, .rlhflow])
    func tokenLabelPRMReadsTheLabelsAtEachStepsPosition(format: PRMFormat) async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let prm = try await RemoteTokenLabelPRM.connect(
                    RemoteTest.configuration([endpoint]), format: format, transport: transport)
                let scores = try await prm.scoreSteps([
                    StepScoringRequest(problem: RemoteTest.problem, steps: steps, firstStep: 0)
                ])
                let values = try #require(scores.first?.scores)
                #expect(values.count == 2)
                #expect(abs(values[0] - 0.8) < 1e-6, "read right after step 1's tag or before its label")
                #expect(abs(values[1] - 0.25) < 1e-6)
                let body = try #require(fake.requests(to: "/v1/completions").last?.json)
                #expect(body["prompt_logprobs"] as? Int == 20)
            }
        }
    }
}
