import PonderCore
import Testing

@testable import PonderRemote

/// Server outputs become continuations by the engine's rules, without I/O.
@Suite struct StepAssemblerTests {
    let parameters = SamplingParameters(maxStepTokens: 8, maxTokens: 20)
    let solution = PartialSolution(prompt: Prompt(text: "p", tokens: [1, 2, 3]))

    private func output(_ pieces: [String], end: GeneratedOutput.End) -> GeneratedOutput {
        GeneratedOutput(
            tokens: pieces.indices.map { TokenID(100 + $0) }, pieces: pieces.map { Array($0.utf8) },
            logProbabilities: pieces.map { _ in -0.5 }, end: end,
            usage: TokenUsage(promptTokensEvaluated: 3, generatedTokens: pieces.count),
            piecesExact: true)
    }

    private func assembler(_ extent: ContinuationRequest.Extent, context: Int = 100) -> StepAssembler {
        StepAssembler(
            request: ContinuationRequest(solution: solution, extent: extent, seed: 0), parameters: parameters,
            contextLength: context)
    }

    @Test func aStepEndsAtTheTokenThatCompletesTheDelimiter() {
        var step = assembler(.nextStep)
        step.absorb(output(["A", " b", ".\n", "\nC"], end: .stopString))
        #expect(step.isFinished)
        let continuation = step.continuation()
        #expect(continuation.finishReason == .stepBoundary)
        #expect(continuation.steps.map(\.text) == ["A b.\n\nC"], "the completing token is kept whole")
    }

    @Test func aDelimiterBeforeAnyTextDoesNotEndTheStep() {
        var step = assembler(.nextStep)
        step.absorb(output(["\n\n"], end: .stopString))
        #expect(!step.isFinished, "the server stopped, but the engine would go on")
        #expect(step.budget == 7)
        step.absorb(output(["Next", ".\n\n"], end: .stopString))
        #expect(step.continuation().steps.map(\.text) == ["\n\nNext.\n\n"])
        #expect(step.continuation().usage.promptTokensEvaluated == 6, "both calls' usage")
    }

    @Test func theStepLimitEndsAStep() {
        var step = assembler(.nextStep)
        step.absorb(output(Array(repeating: "x", count: 8), end: .length))
        #expect(step.continuation().finishReason == .stepLimit)
    }

    @Test func theSolutionLimitOverridesAStepEnd() {
        let long = PartialSolution(
            prompt: solution.prompt, steps: [Step(text: "y", tokens: Array(repeating: 9, count: 18))])
        var step = StepAssembler(
            request: ContinuationRequest(solution: long, extent: .nextStep, seed: 0), parameters: parameters,
            contextLength: 100)
        #expect(step.budget == 2)
        step.absorb(output(["a", ".\n\n"], end: .stopString))
        #expect(step.continuation().finishReason == .length)
    }

    @Test func theContextEndsASolution() {
        var step = assembler(.toEnd, context: 6)
        #expect(step.budget == 3)
        step.absorb(output(["a", "b", "c"], end: .length))
        #expect(step.continuation().finishReason == .length)
    }

    @Test func endOfGenerationFinishes() {
        var step = assembler(.toEnd)
        step.absorb(output(["One.\n\n", "Two."], end: .endOfGeneration))
        let continuation = step.continuation()
        #expect(continuation.finishReason == .endOfGeneration)
        #expect(continuation.steps.map(\.text) == ["One.\n\n", "Two."])
        #expect(continuation.steps.map(\.tokens) == [[100], [101]])
    }

    @Test func aServerThatGeneratesNothingEndsTheStep() {
        var step = assembler(.nextStep)
        step.absorb(output([], end: .stopString))
        #expect(step.isFinished)
    }

    @Test func cancellationKeepsWhatWasGenerated() {
        var step = assembler(.nextStep)
        step.absorb(output(["\n\n"], end: .stopString))
        step.cancel()
        #expect(step.continuation().finishReason == .cancelled)
        #expect(step.continuation().steps.first?.tokens == [100])
    }
}
