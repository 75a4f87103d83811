import PonderCore
import PonderEval
import PonderMath
import Testing

@Suite struct SubsampleTests {
    @Test(arguments: [1, 2, 3, 8, 16])
    func majorityAndBestOfNUseTheFirstNSamples(n: Int) {
        let subtrees = [Int?](repeating: nil, count: 16)
        for strategy in [StrategyKind.majority, .bestOfN] {
            let positions = Subsample.positions(
                strategy: strategy, budget: n, runBudget: 16, beamWidth: nil, subtrees: subtrees)
            #expect(positions == Array(0..<n))
        }
    }

    @Test func dvtsUsesThePathsOfTheFirstNOverMSubtrees() {
        // N = 16, M = 4: four subtrees; subtree 1 died, so three paths.
        let subtrees: [Int?] = [0, 2, 3]
        func positions(_ n: Int) -> [Int] {
            Subsample.positions(strategy: .dvts, budget: n, runBudget: 16, beamWidth: 4, subtrees: subtrees)
        }
        #expect(positions(4) == [0])
        #expect(positions(8) == [0])
        #expect(positions(12) == [0, 1])
        #expect(positions(16) == [0, 1, 2])
    }

    @Test func cotAndBeamSearchUseEveryCandidateOfTheirOwnRun() {
        let subtrees: [Int?] = [0, 0, 0]
        #expect(
            Subsample.positions(strategy: .beam, budget: 4, runBudget: 4, beamWidth: 4, subtrees: subtrees) == [
                0, 1, 2,
            ])
        #expect(Subsample.positions(strategy: .cot, budget: 1, runBudget: 1, beamWidth: nil, subtrees: [nil]) == [0])
    }

    @Test func shareIsTheBudgetFraction() {
        #expect(Subsample.share(budget: 4, runBudget: 16) == 0.25)
        #expect(Subsample.share(budget: 16, runBudget: 16) == 1)
        #expect(Subsample.share(budget: 1, runBudget: 3) == 1.0 / 3)
    }

    /// Four samples sharing a 100-token prompt decoded once (charged to the first), generating 10, 20, 30, 40.
    private let usages = [
        TokenUsage(promptTokensEvaluated: 100, promptTokensReused: 0, generatedTokens: 10),
        TokenUsage(promptTokensEvaluated: 0, promptTokensReused: 100, generatedTokens: 20),
        TokenUsage(promptTokensEvaluated: 0, promptTokensReused: 100, generatedTokens: 30),
        TokenUsage(promptTokensEvaluated: 0, promptTokensReused: 100, generatedTokens: 40),
    ]

    private var accounting: ComputeAccounting {
        ComputeAccounting(
            policy: ModelCompute(
                model: "p", parameterCount: 1000,
                usage: TokenUsage(promptTokensEvaluated: 100, promptTokensReused: 300, generatedTokens: 100), seconds: 6
            ),
            verifier: ModelCompute(
                model: "v", parameterCount: 500, usage: TokenUsage(promptTokensEvaluated: 80, generatedTokens: 0),
                seconds: 2),
            wallSeconds: 8)
    }

    @Test func independentSamplesAreChargedTheirOwnTokensAndThePromptOnce() {
        let cost = Subsample.cost(
            strategy: .bestOfN, budget: 2, runBudget: 4, positions: [0, 1], usages: usages, accounting: accounting)
        #expect(cost.candidates == 2)
        #expect(cost.policy.promptTokensEvaluated == 100)
        #expect(cost.policy.promptTokensReused == 100)
        #expect(cost.policy.generatedTokens == 30)
        #expect(cost.policy.flops == 2 * 1000 * 130)
        #expect(cost.policy.seconds == 3)
        #expect(cost.verifier.promptTokensEvaluated == 40)
        #expect(cost.verifier.flops == 2 * 500 * 40)
        #expect(cost.wallSeconds == 4)
        #expect(cost.totalFLOPs == 260_000 + 40_000)
    }

    @Test func tokensSpentOutsideTheCandidatesAreSharedOut() {
        var accounting = accounting
        accounting.policy.usage.promptTokensEvaluated += 40  // e.g. a re-rendered prompt no sample owns
        let cost = Subsample.cost(
            strategy: .majority, budget: 1, runBudget: 4, positions: [0], usages: usages, accounting: accounting)
        #expect(cost.policy.promptTokensEvaluated == 110)
        #expect(cost.policy.generatedTokens == 10)
    }

    @Test func dvtsIsChargedItsShareOfTheRun() {
        let cost = Subsample.cost(
            strategy: .dvts, budget: 4, runBudget: 16, positions: [0], usages: usages, accounting: accounting)
        #expect(cost.policy.promptTokensEvaluated == 25)
        #expect(cost.policy.generatedTokens == 25)
        #expect(cost.policy.flops == 2 * 1000 * 50)
        #expect(cost.verifier.promptTokensEvaluated == 20)
        #expect(cost.wallSeconds == 2)
    }

    @Test func theRunsOwnBudgetIsChargedExactlyWhatWasMeasured() {
        for strategy in [StrategyKind.majority, .bestOfN, .dvts, .beam] {
            let cost = Subsample.cost(
                strategy: strategy, budget: 4, runBudget: 4, positions: [0, 1, 2, 3], usages: usages,
                accounting: accounting)
            #expect(cost.policy == AttributedCompute(accounting.policy, share: 1))
            #expect(cost.policy.flops == accounting.policy.flops)
            #expect(cost.verifier.flops == accounting.verifier?.flops)
            #expect(cost.wallSeconds == 8)
        }
    }
}

@Suite struct OutcomeCalculatorTests {
    private let calculator = OutcomeCalculator(voting: MathGrader(configuration: .voting))

    @Test func majorityAtEachBudgetVotesOverTheFirstSamples() {
        // Gold is 7: samples answer 3, 7, 7.0, 3, 3.
        let candidates = [
            TestSupport.candidate(0, answer: "3", correct: false), TestSupport.candidate(1, answer: "7", correct: true),
            TestSupport.candidate(2, answer: "7.0", correct: true),
            TestSupport.candidate(3, answer: "3", correct: false),
            TestSupport.candidate(4, answer: "3", correct: false),
        ]
        let outcomes = calculator.selections(
            candidates: candidates, strategy: .majority, runBudget: 5, beamWidth: nil, budgets: [1, 2, 3, 5],
            rules: [.majority])
        #expect(outcomes.map(\.budget) == [1, 2, 3, 5])
        #expect(outcomes.map(\.answer) == ["3", "3", "7", "3"])
        #expect(outcomes.map(\.correct) == [false, false, true, false])
    }

    @Test func everyRuleIsAppliedToTheStoredStepScores() {
        // Answer 1 (wrong): [0.2, 0.95]. Answer 2 (right): [0.6, 0.6] and [0.5, 0.5].
        // Only PRM-Last-Max prefers answer 1 (0.95 beats 0.6); every other rule picks 2.
        let candidates = [
            TestSupport.candidate(0, answer: "1", correct: false, scores: [0.2, 0.95]),
            TestSupport.candidate(1, answer: "2", correct: true, scores: [0.6, 0.6]),
            TestSupport.candidate(2, answer: "2", correct: true, scores: [0.5, 0.5]),
        ]
        let outcomes = calculator.selections(
            candidates: candidates, strategy: .bestOfN, runBudget: 3, beamWidth: nil, budgets: [1, 3],
            rules: SelectionRule.all)
        func outcome(_ budget: Int, _ rule: String) -> SelectionOutcome? {
            outcomes.first { $0.budget == budget && $0.rule == rule }
        }
        #expect(outcomes.count == 2 * SelectionRule.all.count)
        #expect(SelectionRule.all.allSatisfy { outcome(1, $0.name)?.answer == "1" })
        for rule in SelectionRule.all {
            let expected = rule.name == "prm-last-max" ? "1" : "2"
            #expect(outcome(3, rule.name)?.answer == expected, "\(rule.name)")
            #expect(outcome(3, rule.name)?.correct == (expected == "2"), "\(rule.name)")
        }
    }

    @Test func noAnswerIsNeverCorrect() {
        let candidates = [TestSupport.candidate(0, answer: nil, correct: false)]
        let outcomes = calculator.selections(
            candidates: candidates, strategy: .cot, runBudget: 1, beamWidth: nil, budgets: [1], rules: [.majority])
        #expect(outcomes == [SelectionOutcome(budget: 1, rule: "majority", answer: nil, correct: false)])
    }

    @Test func budgetsAboveTheRunAreLeftOut() {
        let candidates = [TestSupport.candidate(0, answer: "1", correct: true)]
        let outcomes = calculator.selections(
            candidates: candidates, strategy: .majority, runBudget: 1, beamWidth: nil, budgets: [1, 4],
            rules: [.majority])
        #expect(outcomes.map(\.budget) == [1])
        #expect(
            calculator.costs(
                candidates: candidates, strategy: .majority, runBudget: 1, beamWidth: nil, budgets: [1, 4],
                accounting: TestSupport.accounting(.zero)
            ).map(\.budget) == [1])
    }
}
