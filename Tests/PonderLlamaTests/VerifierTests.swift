import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

@testable import PonderLlama

/// Verifiers on the real models: token-label PRM formats on the 0.5B model (the scores mean nothing,
/// the rendering, positions, batching and caching are real), the generative verifier on the 1.5B model.
extension RealModels {
    @Suite(.serialized, .enabled(if: TestModel.isAvailable, "default model not installed: run `ponder models pull`"))
    struct VerifierTests {
        let problem = Problem(statement: "What is 2 + 3?")
        let steps = ["We add 2 and 3.\n\n", "2 + 3 = 5.\n\n", "So the answer is \\boxed{5}."].map {
            Step(text: $0, tokens: [])
        }

        @Test func mathShepherdScoresComeFromTheTagPositionsInOnePass() async throws {
            let engine = try await TestModel.engine()
            let prm = try TokenLabelPRM(engine: engine, format: .mathShepherd)
            let readout = try prm.readout(for: StepScoringRequest(problem: problem, steps: steps, firstStep: 0))

            // By hand: the rendered text, and the token holding the last byte of each "ки".
            let text = "What is 2 + 3? We add 2 and 3. ки\n2 + 3 = 5. ки\nSo the answer is \\boxed{5}. ки\n"
            let tokens = try engine.model.tokenize(text)
            #expect(readout.tokens == tokens)
            let ranges = engine.model.byteRanges(of: tokens)
            let bytes = Array(text.utf8)
            let tag = Array("ки".utf8)
            var tagEnds: [Int] = []
            for start in 0...(bytes.count - tag.count) where Array(bytes[start..<(start + tag.count)]) == tag {
                tagEnds.append(start + tag.count - 1)
            }
            let expectedPositions = tagEnds.compactMap { end in ranges.firstIndex { $0.contains(end) } }
            #expect(expectedPositions.count == 3)
            #expect(readout.positions == expectedPositions)

            let scores = try await prm.scoreSteps([StepScoringRequest(problem: problem, steps: steps, firstStep: 0)])[0]
            #expect(scores.scores.count == 3)
            #expect(scores.scores.allSatisfy { $0 > 0 && $0 < 1 })

            // Each score again from its own prefix, decoded afresh, with the softmax done here.
            try await engine.clearCache()
            let good = try #require(engine.model.singleToken("+"))
            let bad = try #require(engine.model.singleToken("-"))
            for (index, position) in expectedPositions.enumerated() {
                try await engine.clearCache()
                let logits = try await engine.readLabels(
                    [LabelReadout(tokens: Array(tokens[...position]), positions: [position], labels: [good, bad])])[0]
                let pair = logits.logits[0]
                let byHand = exp(Double(pair[0])) / (exp(Double(pair[0])) + exp(Double(pair[1])))
                // llama.cpp is not batch-invariant: one 40-token pass and a prefix pass differ in the last digits.
                #expect(
                    abs(byHand - scores.scores[index]) < 2e-2, "step \(index): \(byHand) vs \(scores.scores[index])")
            }
        }

        @Test func scoringTheNewestStepReusesTheCachedPrefix() async throws {
            let engine = try await TestModel.engine()
            let prm = try TokenLabelPRM(engine: engine, format: .mathShepherd)
            let first = try await prm.scoreSteps([StepScoringRequest(problem: problem, steps: Array(steps.prefix(2)))])[
                0]
            let all = try await prm.scoreSteps([StepScoringRequest(problem: problem, steps: steps, firstStep: 0)])[0]
            let newest = try await prm.scoreSteps([StepScoringRequest(problem: problem, steps: steps)])[0]
            #expect(first.usage.promptTokensReused == 0)
            #expect(newest.scores.count == 1)
            #expect(abs(newest.scores[0] - all.scores[2]) < 2e-2)
            #expect(
                newest.usage.promptTokensReused > newest.usage.promptTokensEvaluated,
                "only the newest step is evaluated")
        }

        @Test func rlhflowChatFormatReadsJustBeforeEachAssistantLabel() async throws {
            let engine = try await TestModel.engine()
            let prm = try TokenLabelPRM(engine: engine, format: .rlhflow)
            let readout = try prm.readout(for: StepScoringRequest(problem: problem, steps: steps, firstStep: 0))
            let plus = try #require(engine.model.singleToken("+"))
            #expect(readout.positions.count == 3)
            for position in readout.positions { #expect(readout.tokens[position + 1] == plus) }
            let text = engine.model.detokenize(readout.tokens)
            #expect(text.contains("<|im_start|>user\nWhat is 2 + 3? We add 2 and 3.<|im_end|>"))
            let batch = try await prm.scoreSteps([
                StepScoringRequest(problem: problem, steps: steps, firstStep: 0),
                StepScoringRequest(problem: problem, steps: Array(steps.prefix(1)), firstStep: 0),
            ])
            #expect(batch.map(\.scores.count) == [3, 1])
        }

        @Test func formatsWithMultiTokenLabelsAreRejectedBeforeDecoding() async throws {
            let engine = try await TestModel.engine()
            var format = PRMFormat.mathShepherd
            format.goodLabel = "definitely good"
            #expect(throws: LlamaError.self) { try TokenLabelPRM(engine: engine, format: format) }
            format = .mathShepherd
            format.step = "{step}\n"
            #expect(throws: PonderError.self) { try TokenLabelPRM(engine: engine, format: format) }
        }

        @Test func bestOfNWithSelfCertaintyScoresEveryStepOnTheRealPolicy() async throws {
            let engine = try await TestModel.engine()
            let strategy = try BestOfN(
                n: 4, parameters: SamplingParameters(maxTokens: 160), selection: .init(kind: .max, aggregation: .mean))
            let result = try await strategy.search(
                problem,
                in: SearchContext(policy: LlamaPolicy(engine: engine), grader: MathGrader(configuration: .voting)))
            #expect(result.candidates.count == 4)
            for candidate in result.candidates {
                #expect(candidate.stepScores?.count == candidate.steps.count)
                #expect(candidate.stepScores?.allSatisfy { $0 > 0 && $0 <= 1 } == true)
            }
            #expect(result.accounting.verifier == nil, "self-certainty runs no model")
        }

        /// Judge prompts whose tokens together overflow the judge's KV cells are read in groups that fit,
        /// not failed with 'KV cache is full' (the hardening issue's eval lost 4 of 7 runs this way).
        @Test func judgingMorePathsThanTheCacheHoldsAtOnceGroupsThem() async throws {
            let path = try #require(TestModel.path)
            let judge = try GenerativeVerifier(
                engine: try await LlamaEngine.load(
                    EngineConfiguration(modelPath: path, contextLength: 1024, maxSequences: 8, batchSize: 128)))
            let filler = String(repeating: "We check the arithmetic once more, carefully. ", count: 24)
            let requests = (0..<6).map { index in
                StepScoringRequest(
                    problem: problem,
                    steps: [
                        Step(text: "Path \(index): \(filler)\n\n", tokens: []),
                        Step(text: "So \\boxed{5}.", tokens: []),
                    ],
                    firstStep: 1)
            }
            let together = try await judge.scoreSteps(requests)
            #expect(together.count == 6)
            #expect(together.allSatisfy { $0.scores.count == 1 && $0.scores[0] > 0 && $0.scores[0] < 1 })
            let evaluated = together.reduce(0) { $0 + $1.usage.promptTokensEvaluated + $1.usage.promptTokensReused }
            #expect(evaluated > 1024, "the prompts together exceed the 1024 cells")
            for (request, score) in zip(requests, together) {
                try await judge.engine.clearCache()
                let alone = try await judge.scoreSteps([request])
                // llama.cpp is not batch-invariant: the same prompt decoded in another batch and cache layout moves a
                // near-even score by a few hundredths (0.03 and 0.05 seen); a misplaced read would move it far more.
                #expect(abs(alone[0].scores[0] - score.scores[0]) < 0.1, "grouping does not change a score")
            }
        }

        /// Whole paths scored step by step (Best-of-N in step mode, or a judge on stored samples) are read in
        /// waves by step, each wave starting from the previous one's cached prompts: a path costs about one pass
        /// over its text, not one per step, and every score is the one its prefix gets alone.
        @Test func wholePathsAreJudgedInWavesThatReuseTheirEarlierSteps() async throws {
            let engine = try await TestModel.engine()
            let judge = try GenerativeVerifier(engine: engine)
            try await engine.clearCache()
            let filler = String(repeating: "We check the arithmetic once more, carefully. ", count: 4)
            let requests = (0..<3).map { path in
                StepScoringRequest(
                    problem: problem,
                    steps: (0..<4).map { Step(text: "Path \(path), step \($0 + 1): \(filler)\n\n", tokens: []) },
                    firstStep: 0)
            }
            let scored = try await judge.scoreSteps(requests)
            for (request, result) in zip(requests, scored) {
                #expect(result.scores.count == 4)
                let prompts = try (1...4).map { depth in
                    try engine.model.tokenize(
                        engine.model.applyChatTemplate(
                            GenerativeVerifier.messages(
                                problem: problem, steps: request.steps.prefix(depth).map(\.text)),
                            template: engine.configuration.chatTemplate)
                    ).count
                }
                let total = prompts.reduce(0, +)
                #expect(result.usage.promptTokensEvaluated + result.usage.promptTokensReused == total)
                #expect(
                    Double(result.usage.promptTokensEvaluated) < 0.5 * Double(total),
                    "evaluated \(result.usage.promptTokensEvaluated) of \(total) prompt tokens")
            }
            try await engine.clearCache()
            let alone = try await judge.scoreSteps([
                StepScoringRequest(problem: problem, steps: Array(requests[1].steps.prefix(3)), firstStep: 2)
            ])
            // Not batch-invariant (see above): a few hundredths at most; a misread position would move it far more.
            #expect(abs(alone[0].scores[0] - scored[1].scores[2]) < 0.1)
        }

        /// A call's prompts share the judge's instructions and the problem before each solution: that prefix is
        /// evaluated once and copied, not once per solution.
        @Test func thePrefixAllOfACallsPromptsShareIsEvaluatedOnce() async throws {
            let engine = try await TestModel.engine()
            let judge = try GenerativeVerifier(engine: engine)
            try await engine.clearCache()
            let requests = (0..<4).map { path in
                OutcomeScoringRequest(
                    problem: problem,
                    steps: [Step(text: "Path \(path): 2 + 3 = \(4 + path), so \\boxed{\(4 + path)}.", tokens: [])])
            }
            let scores = try await judge.scoreOutcomes(requests)
            let prompts = try requests.map {
                try engine.model.tokenize(
                    engine.model.applyChatTemplate(
                        judge.outcomePrompt.messages(problem: problem, steps: $0.steps.map(\.text)),
                        template: engine.configuration.chatTemplate))
            }
            let shared = prompts.dropFirst().map { SequencePlanner.commonPrefixLength(prompts[0], $0) }.min() ?? 0
            #expect(shared >= LlamaEngine.minimumSharedPrefix)
            let evaluated = scores.reduce(0) { $0 + $1.usage.promptTokensEvaluated }
            #expect(evaluated == prompts.reduce(0) { $0 + $1.count } - 3 * shared)
            for (prompt, score) in zip(prompts, scores) {
                #expect(score.usage.promptTokensEvaluated + score.usage.promptTokensReused == prompt.count)
            }
            try await engine.clearCache()
            let alone = try await judge.scoreOutcomes([requests[2]])
            // Not batch-invariant (see above): a few hundredths at most; a misread position would move it far more.
            #expect(abs(alone[0].score - scores[2].score) < 0.1)
        }

        @Test func theSharedPrefixStopsAtTheFirstReadPosition() {
            let readouts = [
                LabelReadout(tokens: [1, 2, 3, 4, 5, 6], positions: [5], labels: [9]),
                LabelReadout(tokens: [1, 2, 3, 4, 7], positions: [2, 4], labels: [9]),
            ]
            #expect(LlamaEngine.sharedPrefixLength(readouts) == 2)
            #expect(LlamaEngine.sharedPrefixLength(Array(readouts.prefix(1))) == 5)
            #expect(
                LlamaEngine.sharedPrefixLength(readouts + [LabelReadout(tokens: [8, 2], positions: [1], labels: [9])])
                    == 0)
        }

        @Test func readoutGroupsFitTheCellsAndTheSequences() {
            #expect(LlamaEngine.groups([300, 300, 300, 300], cells: 700, sequences: 8) == [0..<2, 2..<4])
            #expect(LlamaEngine.groups([300, 300, 300], cells: 1000, sequences: 2) == [0..<2, 2..<3])
            #expect(
                LlamaEngine.groups([900, 100], cells: 500, sequences: 8) == [0..<1, 1..<2], "one too big is alone")
            #expect(LlamaEngine.groups([], cells: 500, sequences: 8).isEmpty)
        }
    }
}
