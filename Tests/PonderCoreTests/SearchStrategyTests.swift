import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

@Suite struct SearchStrategyTests {
    let problem = Problem(id: "p1", statement: "What is 1 + 1?", referenceAnswer: "2")

    @Test func majorityVotePicksTheMostFrequentEquivalentAnswer() async throws {
        let policy = ScriptedPolicy(answers: ["3", "2", "2.0", "\\frac{4}{2}", "3"])
        let result = try await MajorityVote(n: 5).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(result.answer == "2")
        #expect(result.votes.groups.map(\.members) == [[0, 4], [1, 2, 3]])
        #expect(result.candidates.count == 5)
        #expect(result.stopReason == .completed)
        let call = try #require(policy.calls.first)
        #expect(policy.calls.count == 1)
        #expect(call.requests.count == 5)
        #expect(Set(call.requests.map(\.seed)).count == 5, "each sample has its own seed")
        #expect(call.requests.allSatisfy { $0.extent == .toEnd })
        #expect(call.parameters.temperature == 0.7)
    }

    @Test func bestOfNSelectsTheHighestScoringCandidate() async throws {
        let policy = ScriptedPolicy(answers: ["3", "2", "3"], logProbabilities: [-0.9, -0.1, -0.8])
        let result = try await BestOfN(n: 3, selection: .lastMax).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(result.answer == "2")
        let scores = result.candidates.compactMap(\.score)
        #expect(scores.count == 3)
        #expect(abs(scores[1] - exp(-0.1)) < 1e-6, "self-certainty of the last step")
        #expect(result.candidates.allSatisfy { $0.stepScores?.count == $0.steps.count })
    }

    @Test func bestOfNWithWeightedVoteCanOverruleTheSingleBest() async throws {
        let policy = ScriptedPolicy(answers: ["3", "2", "3"], logProbabilities: [-0.5, -0.1, -0.5])
        let best = try await BestOfN(n: 3, selection: .lastMax).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        let vote = try await BestOfN(n: 3, selection: .lastVote).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(best.answer == "2")
        #expect(vote.answer == "3", "2 × exp(-0.5) > exp(-0.1)")
    }

    @Test func chainOfThoughtSamplesOnceGreedily() async throws {
        let policy = ScriptedPolicy(answers: ["2", "9"])
        let result = try await ChainOfThought().search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(result.answer == "2")
        #expect(result.candidates.count == 1)
        #expect(policy.calls.first?.parameters.temperature == 0)
    }

    @Test(arguments: StrategyKind.allCases)
    func everyStrategyAccountsForItsTokens(kind: StrategyKind) async throws {
        let policy = ScriptedPolicy(answers: ["2", "3", "2", "2"])
        let strategy = try kind.makeStrategy(
            tree: TreeSearchParameters(budget: 4, beamWidth: 2), parameters: SamplingParameters())
        let result = try await strategy.search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        let generated = result.candidates.reduce(0) { $0 + $1.generatedTokens }
        #expect(generated > 0)
        #expect(
            result.accounting.policy.flops == 2 * 1_000_000 * Double(result.accounting.policy.usage.processedTokens))
        #expect(result.candidates.allSatisfy { $0.steps.joined() == $0.text })
        switch kind {
        case .beam, .dvts:
            // Pruned candidates cost tokens too; the result holds N/M finished paths.
            #expect(result.accounting.policy.usage.generatedTokens > generated)
            #expect(result.candidates.count == strategy.budget / 2, "M = 2")
        case .cot, .majority, .bestOfN:
            #expect(result.accounting.policy.usage.generatedTokens == generated)
            #expect(result.candidates.count == strategy.budget)
        case .particleFilter:
            // The final population is N particles; copies share their steps, resampled-away particles cost tokens.
            #expect(result.candidates.count == strategy.budget)
            #expect(result.accounting.policy.usage.generatedTokens > 0)
        }
    }

    @Test func resultsRoundTripThroughJSON() async throws {
        let policy = ScriptedPolicy(answers: ["2", "3"])
        let result = try await BestOfN(n: 2).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        let data = try JSONEncoder().encode(result)
        // Everything but the tokens' log-probabilities, which the JSON leaves out (the store keeps them).
        #expect(result.candidates.allSatisfy { $0.stepLogProbabilities?.joined().allSatisfy { $0 == -0.5 } == true })
        var expected = result
        for index in expected.candidates.indices { expected.candidates[index].stepLogProbabilities = nil }
        #expect(try JSONDecoder().decode(SearchResult.self, from: data) == expected)
        #expect(!String(decoding: data, as: UTF8.self).contains("LogProbabilities"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let accounting = try #require(object["accounting"] as? [String: Any])
        let policyCompute = try #require(accounting["policy"] as? [String: Any])
        #expect(policyCompute["flops"] is Double)
    }

    @Test func budgetsBelowOneAreRejected() {
        #expect(throws: PonderError.self) { try MajorityVote(n: 0) }
        #expect(throws: PonderError.self) { try BestOfN(n: -3) }
        #expect(throws: PonderError.self) {
            try StrategyKind.majority.makeStrategy(
                tree: TreeSearchParameters(budget: 0), parameters: SamplingParameters())
        }
    }

    @Test func unknownStrategyNamesAreRejectedWithTheKnownOnes() {
        #expect {
            try StrategyKind(parsing: "beem")
        } throws: { error in
            "\(error)".contains("Unknown strategy 'beem'") && "\(error)".contains("best-of-n")
        }
    }

    @Test func budgetAboveThePolicysParallelismFailsBeforeGenerating() async throws {
        let policy = ScriptedPolicy(scripts: [.init(steps: ["x"])], maxParallelSequences: 4)
        await #expect(throws: PonderError.self) {
            try await MajorityVote(n: 5).search(
                problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        }
        #expect(policy.calls.isEmpty)
    }

    @Test func emptyProblemIsRejected() async throws {
        let policy = ScriptedPolicy(answers: ["1"])
        await #expect(throws: PonderError.self) {
            try await MajorityVote(n: 1).search(
                Problem(statement: "  \n"),
                in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        }
        #expect(policy.calls.isEmpty)
    }

    @Test(arguments: [
        SamplingParameters(temperature: -1), SamplingParameters(topP: 0), SamplingParameters(topP: 1.5),
        SamplingParameters(maxStepTokens: 0), SamplingParameters(maxTokens: -3), SamplingParameters(stepDelimiter: ""),
    ])
    func invalidSamplingParametersAreRejected(parameters: SamplingParameters) {
        #expect(throws: PonderError.self) { try parameters.validated() }
    }

    @Test func sampleSeedsAreDistinctAndReproducible() {
        let parameters = SamplingParameters(seed: 7)
        let seeds = (0..<64).map { parameters.seed(forSample: $0) }
        #expect(Set(seeds).count == 64)
        #expect(seeds == (0..<64).map { SamplingParameters(seed: 7).seed(forSample: $0) })
    }
}

/// A candidate cut at a token limit states no answer unless it did so explicitly before it stopped.
@Suite struct TruncatedAnswerTests {
    let problem = Problem(statement: "What is 1+1?")

    @Test func fallbackAnswersAreOnlyReadFromTextThatEndedOnItsOwn() async throws {
        let policy = StepScriptPolicy { _, sibling in
            switch sibling {
            case 0, 1: .init("To solve the problem of finding \\(1", .length)
            case 2: .init("So the sum is \\boxed{2} and", .length)
            default: .init("Adding one and one gives 2", .endOfGeneration)
            }
        }
        let result = try await MajorityVote(n: 4).search(
            problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
        #expect(result.candidates.map { $0.answer?.text } == [nil, nil, "2", "2"])
        #expect(result.candidates[3].answer?.rule == .lastNumber, "a finished text keeps its fallback")
        #expect(result.answer == "2", "two cut-off sentences do not out-vote the stated answers with '1'")
    }
}
