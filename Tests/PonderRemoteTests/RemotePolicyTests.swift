import Foundation
import PonderCore
import PonderRemote
import PonderTesting
import Testing

/// The remote policy against the fake vLLM server: request fields, parsing, token-exact steps and usage.
@Suite struct RemotePolicyTests {
    @Test func probeFindsTokenIDsModelAndContext() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                #expect(policy.capabilities.dialect == .openAITokens)
                #expect(policy.capabilities.model == fake.model)
                #expect(policy.descriptor.contextLength == 4096)
                let probe = try #require(fake.requests(to: "/v1/completions").first?.json)
                #expect(probe["return_token_ids"] as? Bool == true)
            }
        }
    }

    @Test func promptIsRenderedOnceByTheServersTemplate() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let messages = PromptStyle(systemPrompt: "Be brief.").messages(for: RemoteTest.problem)
                let prompt = try await policy.renderPrompt(messages)
                let expected = FakeVocabulary.render(
                    [("system", "Be brief."), ("user", "What is 2+2?")], addGenerationPrompt: true)
                #expect(prompt.text == expected)
                #expect(prompt.tokens == FakeVocabulary.tokenize(expected))
                let request = try #require(fake.requests(to: "/tokenize").last?.json)
                #expect(request["add_generation_prompt"] as? Bool == true)
                #expect((request["messages"] as? [[String: String]])?.count == 2)
            }
        }
    }

    @Test func nextStepSendsTokenIDsAndEverySamplingParameter() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                let root = PartialSolution(prompt: prompt)
                let requests = (0..<3).map {
                    ContinuationRequest(solution: root, extent: .nextStep, seed: 40 + UInt32($0))
                }
                let continuations = try await policy.continueSolutions(
                    requests, parameters: RemoteTest.parameters, progress: nil)

                #expect(continuations.count == 3)
                for continuation in continuations {
                    #expect(continuation.finishReason == .stepBoundary)
                    #expect(continuation.steps.map(\.text) == ["Step one.\n\n"])
                    #expect(continuation.steps.first?.tokens == [7, 8, 11])
                    #expect(continuation.steps.first?.tokenLogProbabilities == [-0.25, -0.25, -0.25])
                }
                let sent = fake.requests(to: "/v1/completions").dropFirst()
                #expect(sent.count == 1, "equal requests share one request with n")
                let body = try #require(sent.first?.json)
                #expect((body["prompt"] as? [Int])?.map(TokenID.init) == prompt.tokens)
                #expect(body["n"] as? Int == 3)
                #expect(body["seed"] as? Int == 40)
                #expect(body["temperature"] as? Double == 0.7)
                #expect(body["top_p"] as? Double == 0.9)
                #expect(body["top_k"] as? Int == 5)
                #expect(body["min_p"] as? Double == 0)
                #expect(body["repetition_penalty"] as? Double == 1)
                #expect(body["presence_penalty"] as? Double == 0)
                #expect(body["frequency_penalty"] as? Double == 0)
                #expect(body["max_tokens"] as? Int == 64)
                #expect(body["stop"] as? [String] == ["\n\n"])
                #expect(body["include_stop_str_in_output"] as? Bool == true)
                #expect(body["return_token_ids"] as? Bool == true)
                #expect(body["model"] as? String == fake.model)
            }
        }
    }

    @Test func greedySamplesOfTheSameTokensAreGeneratedOnce() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                let requests = (0..<3).map {
                    ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: UInt32($0))
                }
                let before = fake.requests(to: "/v1/completions").count
                let continuations = try await policy.continueSolutions(requests, parameters: .greedy, progress: nil)
                #expect(continuations.map(\.steps) == Array(repeating: continuations[0].steps, count: 3))
                #expect(continuations[0].usage.generatedTokens == 3)
                #expect(
                    continuations.dropFirst().allSatisfy { $0.usage == .zero }, "the copies cost the server nothing")
                let sent = fake.requests(to: "/v1/completions").dropFirst(before)
                #expect(sent.count == 1)
                #expect(sent.first?.json["n"] as? Int == 1)
                #expect(sent.first?.json["temperature"] as? Double == 0)
            }
        }
    }

    @Test func continuationAppendsReturnedIDsWithoutRetokenizing() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                var solution = PartialSolution(prompt: prompt)
                var finish = FinishReason.stepBoundary
                while finish == .stepBoundary {
                    let next = try await policy.continueSolutions(
                        [ContinuationRequest(solution: solution, extent: .nextStep, seed: 1)],
                        parameters: RemoteTest.parameters,
                        progress: nil)[0]
                    solution = solution.appending(next.steps)
                    finish = next.finishReason
                }
                #expect(finish == .endOfGeneration)
                #expect(solution.steps.map(\.text) == FakeVocabulary.solutionSteps)
                #expect(
                    solution.tokens == prompt.tokens + FakeVocabulary.solution.dropLast(),
                    "the end-of-text token is not kept")
                let last = try #require(fake.requests(to: "/v1/completions").last?.json)
                #expect((last["prompt"] as? [Int])?.map(TokenID.init) == prompt.tokens + [7, 8, 11, 7, 9, 11])
            }
        }
    }

    @Test func toEndIsSplitIntoStepsAndUsesTheServersUsage() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                let continuation = try await policy.continueSolutions(
                    [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .toEnd, seed: 3)],
                    parameters: RemoteTest.parameters, progress: nil)[0]
                #expect(continuation.finishReason == .endOfGeneration)
                #expect(continuation.steps.map(\.text) == FakeVocabulary.solutionSteps)
                #expect(continuation.usage.promptTokensReused == 3, "cached_tokens")
                #expect(continuation.usage.promptTokensEvaluated == prompt.tokens.count - 3)
                #expect(continuation.usage.generatedTokens == FakeVocabulary.solution.count)
                let body = try #require(fake.requests(to: "/v1/completions").last?.json)
                #expect(body["stop"] == nil)
            }
        }
    }

    @Test func missingCachedTokensCountsThePromptAsEvaluated() async throws {
        let fake = FakeVLLM(.init(cachedTokens: nil))
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                let continuation = try await policy.continueSolutions(
                    [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: 3)],
                    parameters: RemoteTest.parameters, progress: nil)[0]
                #expect(continuation.usage.promptTokensEvaluated == prompt.tokens.count)
                #expect(continuation.usage.promptTokensReused == 0)
            }
        }
    }

    @Test func stepLimitEndsAStepLikeTheEngine() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                var parameters = RemoteTest.parameters
                parameters.maxStepTokens = 2
                let continuation = try await policy.continueSolutions(
                    [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: 3)],
                    parameters: parameters, progress: nil)[0]
                #expect(continuation.finishReason == .stepLimit)
                #expect(continuation.steps.first?.tokens == [7, 8])
            }
        }
    }

    @Test func serverWithoutTokenIDsFallsBackToTextPrompts() async throws {
        let fake = FakeVLLM(.init(returnsTokenIDs: false))
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                #expect(policy.capabilities.dialect == .openAIText)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                let first = try await policy.continueSolutions(
                    [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: 3)],
                    parameters: RemoteTest.parameters, progress: nil)[0]
                #expect(first.steps.map(\.text) == ["Step one.\n\n"])
                #expect(
                    first.steps.first?.tokens == FakeVocabulary.tokenize("Step one.\n\n"),
                    "ids re-tokenized from the text")
                let second = try await policy.continueSolutions(
                    [
                        ContinuationRequest(
                            solution: PartialSolution(prompt: prompt, steps: first.steps), extent: .nextStep, seed: 3)
                    ],
                    parameters: RemoteTest.parameters, progress: nil)[0]
                #expect(second.steps.map(\.text) == ["Step two.\n\n"])
                let body = try #require(fake.requests(to: "/v1/completions").last?.json)
                #expect(body["prompt"] as? String == prompt.text + "Step one.\n\n")
                #expect(body["add_special_tokens"] as? Bool == false)
                #expect(
                    second.usage.promptTokensEvaluated == FakeVocabulary.tokenize(prompt.text + "Step one.\n\n").count
                        - 3)
            }
        }
    }

    @Test func apiKeyIsSentAsBearerTokenAndNeverPrinted() async throws {
        let fake = FakeVLLM()
        let key = try APIKey("sk-secret-123")
        #expect(!"\(key)".contains("secret"))
        #expect(!String(reflecting: key).contains("secret"))
        let configuration = RemoteTest.configuration([try Endpoint("http://127.0.0.1:1")], apiKey: key)
        #expect(!"\(configuration)".contains("secret"))
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                _ = try await RemotePolicy.connect(
                    RemoteTest.configuration([endpoint], apiKey: key), transport: transport)
                #expect(!fake.requests.isEmpty)
                #expect(fake.requests.allSatisfy { $0.authorization == "Bearer sk-secret-123" })
            }
        }
    }

    @Test func cancellationEndsContinuationsAsCancelled() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(RemoteTest.configuration([endpoint]), transport: transport)
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                // The reply is held until the server stops: only cancellation can end the call.
                fake.update { $0.held = ["/v1/completions"] }
                let task = Task {
                    try await policy.continueSolutions(
                        [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: 3)],
                        parameters: RemoteTest.parameters, progress: nil)
                }
                try await Polling.until { fake.heldCount == 1 }
                task.cancel()
                let continuations = try await task.value
                #expect(continuations.map(\.finishReason) == [.cancelled])
            }
        }
    }
}
