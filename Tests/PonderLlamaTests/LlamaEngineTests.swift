import Foundation
import PonderCore
import PonderLlama
import Synchronization
import Testing

/// The embedded engine on the real default model. Serialized: one model, two cores.
extension RealModels {
    @Suite(.serialized, .enabled(if: TestModel.isAvailable, "default model not installed: run `ponder models pull`"))
    struct LlamaEngineTests {
        private func prompt(_ engine: LlamaEngine, _ problem: String = "What is 12 + 30?") async throws -> Prompt {
            try await engine.renderPrompt(PromptStyle().messages(for: Problem(statement: problem)))
        }

        private func requests(
            _ prompt: Prompt, count: Int, extent: ContinuationRequest.Extent = .toEnd, seed: UInt32 = 1
        )
            -> [ContinuationRequest]
        {
            (0..<count).map {
                ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: extent, seed: seed &+ UInt32($0))
            }
        }

        @Test func rendersTheModelsChatTemplate() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            #expect(prompt.text.hasPrefix("<|im_start|>system\nPlease reason step by step"))
            #expect(prompt.text.hasSuffix("<|im_start|>assistant\n"))
            #expect(engine.model.detokenize(prompt.tokens) == prompt.text)
            #expect(engine.descriptor.parameterCount > 400_000_000)
        }

        @Test func sameSeedTwiceGivesTheSameTokens() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let parameters = SamplingParameters(temperature: 1.0, maxTokens: 24)
            let first = try await engine.continueSolutions(requests(prompt, count: 4, seed: 11), parameters: parameters)
            try await engine.clearCache()
            let second = try await engine.continueSolutions(
                requests(prompt, count: 4, seed: 11), parameters: parameters)
            #expect(first.map { $0.steps.flatMap(\.tokens) } == second.map { $0.steps.flatMap(\.tokens) })
            #expect(Set(first.map { $0.steps.flatMap(\.tokens) }).count > 1, "different seeds sample differently")
        }

        @Test func topKAndTopPSamplingIsReproducibleToo() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let parameters = SamplingParameters(temperature: 0.9, topP: 0.9, topK: 20, maxTokens: 16)
            let first = try await engine.continueSolutions(requests(prompt, count: 2, seed: 5), parameters: parameters)
            let second = try await engine.continueSolutions(requests(prompt, count: 2, seed: 5), parameters: parameters)
            #expect(first.map { $0.steps.flatMap(\.tokens) } == second.map { $0.steps.flatMap(\.tokens) })
            #expect(first.allSatisfy { $0.generatedTokenCount == 16 || $0.finishReason == .endOfGeneration })
            #expect(first.flatMap { $0.steps.flatMap(\.tokenLogProbabilities) }.allSatisfy { $0 <= 0 && $0.isFinite })
        }

        @Test func forkedSequencesGenerateExactlyWhatAFreshSequenceGenerates() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let greedy = SamplingParameters(temperature: 0, maxTokens: 32)
            let fresh = try await engine.continueSolutions(requests(prompt, count: 1), parameters: greedy)
            #expect(fresh[0].usage.promptTokensReused == 0)
            // Now the prompt is cached: one request copies it, the others fork from that one.
            let forked = try await engine.continueSolutions(requests(prompt, count: 3), parameters: greedy)
            for continuation in forked {
                #expect(continuation.steps.flatMap(\.tokens) == fresh[0].steps.flatMap(\.tokens))
            }
            #expect(
                forked.map(\.usage.promptTokensReused) == [
                    prompt.tokens.count - 1, prompt.tokens.count, prompt.tokens.count,
                ])
        }

        @Test func samplesShareOneDecodeOfThePrompt() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let continuations = try await engine.continueSolutions(
                requests(prompt, count: 8), parameters: SamplingParameters(maxTokens: 8))
            let usage = continuations.reduce(TokenUsage.zero) { $0 + $1.usage }
            #expect(usage.promptTokensEvaluated == prompt.tokens.count)
            #expect(usage.promptTokensReused == 7 * prompt.tokens.count)
            #expect(usage.generatedTokens == continuations.reduce(0) { $0 + $1.generatedTokenCount })
        }

        @Test func stepsCutAtTheDelimiterConcatenateBackToTheWholeText() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let result = try await engine.continueSolutions(
                requests(prompt, count: 2), parameters: SamplingParameters(maxTokens: 200))
            for continuation in result {
                let tokens = continuation.steps.flatMap(\.tokens)
                #expect(continuation.steps.map(\.text).joined() == engine.model.detokenize(tokens))
                for step in continuation.steps.dropLast() { #expect(step.text.contains("\n\n")) }
                #expect(continuation.steps.allSatisfy { $0.tokenLogProbabilities.count == $0.tokens.count })
                #expect(continuation.steps.flatMap(\.tokenLogProbabilities).allSatisfy { $0 <= 0 })
            }
            #expect(result.contains { $0.steps.count >= 2 }, "the model writes several steps")
        }

        @Test func continuingStepByStepFromTokenIdsReproducesTheWholeSolution() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let greedy = SamplingParameters(temperature: 0, maxTokens: 200)
            let whole = try await engine.continueSolutions(requests(prompt, count: 1), parameters: greedy)[0]
            try #require(whole.steps.count >= 3)
            try await engine.clearCache()

            var solution = PartialSolution(prompt: prompt)
            for index in 0..<2 {
                let next = try await engine.continueSolutions(
                    [ContinuationRequest(solution: solution, extent: .nextStep, seed: 0)], parameters: greedy)[0]
                #expect(next.finishReason == .stepBoundary)
                #expect(next.steps.count == 1)
                #expect(next.steps.first?.tokens == whole.steps[index].tokens)
                if index == 1 {
                    // Only the step's last token (sampled, never decoded) is evaluated again.
                    #expect(next.usage.promptTokensEvaluated == 1)
                    #expect(next.usage.promptTokensReused == solution.tokens.count - 1)
                }
                solution = solution.appending(next.steps)
            }
        }

        @Test func cancellingStopsDecodingWithinOneStep() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine, "Write a very long essay about the history of numbers.")
            let state = Mutex<(task: Task<[Continuation], any Error>?, tokensAtCancel: Int?)>((nil, nil))
            let progress: ProgressHandler = { snapshot in
                state.withLock { state in
                    guard state.tokensAtCancel == nil, snapshot.generatedTokens >= 16, let task = state.task else {
                        return
                    }
                    state.tokensAtCancel = snapshot.generatedTokens
                    task.cancel()
                }
            }
            let requests = requests(prompt, count: 4)
            let task = Task {
                try await engine.continueSolutions(
                    requests, parameters: SamplingParameters(maxTokens: 4000), progress: progress)
            }
            state.withLock { $0.task = task }
            let result = try await task.value
            let tokensAtCancel = try #require(state.withLock { $0.tokensAtCancel })
            let generated = result.reduce(0) { $0 + $1.generatedTokenCount }
            #expect(result.allSatisfy { $0.finishReason == .cancelled })
            #expect(
                generated <= tokensAtCancel + requests.count, "at most one more token per sequence after the cancel")
        }

        @Test func concurrentCallsShareDecodeSteps() async throws {
            let engine = try await TestModel.engine()
            let first = try await prompt(engine, "What is 12 + 30?")
            let second = try await prompt(engine, "Name three prime numbers.")
            let parameters = SamplingParameters(temperature: 1.0, maxTokens: 24)
            let before = await engine.decodeStepCount
            async let a = engine.continueSolutions(requests(first, count: 3, seed: 1), parameters: parameters)
            async let b = engine.continueSolutions(requests(second, count: 3, seed: 2), parameters: parameters)
            let (resultA, resultB) = try await (a, b)
            let steps = await engine.decodeStepCount - before
            let longestA = resultA.map(\.generatedTokenCount).max() ?? 0
            let longestB = resultB.map(\.generatedTokenCount).max() ?? 0
            #expect(resultA.count == 3 && resultB.count == 3)
            #expect(longestA > 8 && longestB > 8)
            // Run one after the other, the calls would need about longestA + longestB steps.
            #expect(steps < longestA + longestB - 4, "\(steps) steps for \(longestA) + \(longestB) tokens")
            #expect(await engine.liveSequenceCount > 0)
        }

        @Test func cancellingOneCallLeavesTheOtherRunning() async throws {
            let engine = try await TestModel.engine()
            let first = try await prompt(engine, "Write a long story about a dragon.")
            let second = try await prompt(engine, "What is 12 + 30?")
            let parameters = SamplingParameters(temperature: 1.0, maxTokens: 48)
            let cancelled = Task {
                try await engine.continueSolutions(
                    requests(first, count: 2, seed: 3), parameters: SamplingParameters(maxTokens: 4000))
            }
            let kept = Task {
                try await engine.continueSolutions(requests(second, count: 2, seed: 4), parameters: parameters)
            }
            try await Task.sleep(for: .milliseconds(300))
            cancelled.cancel()
            let cancelledResult = try await cancelled.value
            let keptResult = try await kept.value
            #expect(cancelledResult.allSatisfy { $0.finishReason == .cancelled })
            #expect(keptResult.allSatisfy { $0.finishReason != .cancelled })
        }

        @Test func forkedSequenceSharesItsParentsTokensUntilReleased() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            let (parent, usage) = try await engine.makeSequence(prompt.tokens)
            #expect(usage.promptTokensEvaluated == prompt.tokens.count)
            let child = try await engine.fork(parent)
            #expect(child != parent)
            #expect(await engine.tokens(of: child) == prompt.tokens)
            let live = await engine.liveSequenceCount
            try await engine.release(child)
            #expect(await engine.tokens(of: child) == nil)
            #expect(await engine.liveSequenceCount == live - 1)
            let (_, again) = try await engine.makeSequence(prompt.tokens)
            #expect(again.promptTokensReused == prompt.tokens.count, "the parent's cache serves the same tokens")
        }

        @Test func promptLongerThanTheContextIsRejected() async throws {
            let engine = try await TestModel.engine()
            let long = String(repeating: "seven ", count: TestModel.contextLength + 100)
            await #expect {
                try await engine.renderPrompt([ChatMessage(role: .user, content: long)])
            } throws: { error in
                "\(error)".contains("but context length is \(TestModel.contextLength)")
            }
        }

        @Test func moreRequestsThanSequencesAreRejectedBeforeDecoding() async throws {
            let engine = try await TestModel.engine()
            let prompt = try await prompt(engine)
            await #expect(throws: LlamaError.self) {
                try await engine.continueSolutions(
                    requests(prompt, count: TestModel.maxSequences + 1), parameters: SamplingParameters(maxTokens: 4))
            }
            #expect(await engine.liveSequenceCount == 0)
        }
    }
}

@Suite struct LlamaEngineLoadingTests {
    @Test func missingModelFileIsAClearError() async throws {
        await #expect {
            try await LlamaEngine.load(EngineConfiguration(modelPath: "/nonexistent/model.gguf"))
        } throws: { error in
            "\(error)".contains("'/nonexistent/model.gguf' does not exist")
        }
    }

    @Test func fileThatIsNotGGUFIsAClearError() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-not-gguf-\(UUID()).gguf").path
        try Data("this is not a model".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect {
            try await LlamaEngine.load(EngineConfiguration(modelPath: path))
        } throws: { error in
            "\(error)".contains("is not a GGUF model")
        }
    }

    @Test(arguments: [
        EngineConfiguration(modelPath: "x", contextLength: 8), EngineConfiguration(modelPath: "x", maxSequences: 0),
        EngineConfiguration(modelPath: "x", maxSequences: 300), EngineConfiguration(modelPath: "x", threads: 0),
    ])
    func invalidConfigurationsAreRejected(configuration: EngineConfiguration) {
        #expect(throws: LlamaError.self) { try configuration.validated() }
    }
}
