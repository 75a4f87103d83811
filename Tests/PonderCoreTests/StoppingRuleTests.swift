import Foundation
import PonderCore
import PonderMath
import Testing

/// The stopping rules against posteriors worked by hand.
@Suite struct StoppingRuleTests {
    /// For integer counts, P(Beta(a + 1, b + 1) > ½) = P(Bin(a + b + 1, ½) ≤ a).
    private static func binomialPosterior(_ a: Int, _ b: Int) -> Double {
        let n = a + b + 1
        var total = 0.0
        var coefficient = 1.0
        for k in 0...a {
            if k > 0 { coefficient = coefficient * Double(n - k + 1) / Double(k) }
            total += coefficient
        }
        return total / pow(2, Double(n))
    }

    @Test(arguments: [(3, 0, 0.9375), (4, 0, 0.96875), (5, 1, 0.9375), (6, 1, 1 - 9.0 / 256), (2, 2, 0.5)])
    func betaRuleMatchesTheHandWorkedPosterior(leader: Int, second: Int, expected: Double) throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.95)
        let probability = rule.probability(tallies: [Double(leader), Double(second)])
        #expect(abs(probability - expected) < 1e-12)
    }

    @Test func betaRuleEqualsTheBinomialSumOverManyCounts() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.95)
        for a in 0...40 {
            for b in 0...a {
                let probability = rule.probability(tallies: [Double(b), Double(a)])
                #expect(abs(probability - Self.binomialPosterior(a, b)) < 1e-10, "counts \(a), \(b)")
            }
        }
    }

    @Test func betaRuleReadsOnlyTheTopTwoCounts() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.95)
        #expect(rule.probability(tallies: [1, 6, 1, 1]) == rule.probability(tallies: [6, 1]))
    }

    @Test func betaRuleStopsAtTheThresholdAndNotBefore() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.95)
        #expect(!rule.decide(tallies: [3], samples: 3).stops, "0.9375 < 0.95")
        #expect(rule.decide(tallies: [4], samples: 4).stops, "0.96875 ≥ 0.95")
        #expect(!rule.decide(tallies: [5, 1], samples: 6).stops)
        #expect(rule.decide(tallies: [6, 1], samples: 7).stops)
        #expect(!rule.decide(tallies: [], samples: 3).stops, "no answer yet")
    }

    @Test func minimumSamplesHoldsTheRuleBack() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.7, minimumSamples: 3)
        #expect(abs(rule.decide(tallies: [1], samples: 1).probability - 0.75) < 1e-12)
        #expect(!rule.decide(tallies: [1], samples: 1).stops)
        #expect(!rule.decide(tallies: [2], samples: 2).stops)
        #expect(rule.decide(tallies: [3], samples: 3).stops)
    }

    /// Counts (2, 0, 0): α = (3, 1, 1); P = ∫ x²e⁻ˣ/2 · (1 − e⁻ˣ)² dx = 1 − 1/4 + 1/27.
    @Test func dirichletRuleMatchesTheHandWorkedIntegral() throws {
        let rule = try StoppingRule(kind: .dirichlet, threshold: 0.95)
        #expect(abs(rule.probability(tallies: [2, 0, 0]) - (1 - 0.25 + 1.0 / 27)) < 1e-9)
        // Counts (1, 1, 1): by symmetry each answer leads with probability 1/3.
        #expect(abs(rule.probability(tallies: [1, 1, 1]) - 1.0 / 3) < 1e-9)
        // Counts (0, 0, 0, 0): 1/4.
        #expect(abs(rule.probability(tallies: [0, 0, 0, 0]) - 0.25) < 1e-9)
    }

    @Test func dirichletRuleWithTwoAnswersIsTheBetaRule() throws {
        let dirichlet = try StoppingRule(kind: .dirichlet, threshold: 0.95)
        let beta = try StoppingRule(kind: .beta, threshold: 0.95)
        for (a, b) in [(4.0, 0.0), (7, 2), (12, 5), (30, 11), (2.5, 0.75)] {
            #expect(abs(dirichlet.probability(tallies: [a, b]) - beta.probability(tallies: [a, b])) < 1e-12)
        }
    }

    @Test func dirichletRuleIsStricterThanBetaWhenThreeAnswersCompete() throws {
        let dirichlet = try StoppingRule(kind: .dirichlet, threshold: 0.95)
        let beta = try StoppingRule(kind: .beta, threshold: 0.95)
        let tallies: [Double] = [6, 1, 1]
        #expect(dirichlet.probability(tallies: tallies) < beta.probability(tallies: tallies))
        #expect(beta.decide(tallies: tallies, samples: 8).stops)
        #expect(!dirichlet.decide(tallies: tallies, samples: 8).stops)
    }

    /// Weighted tallies are fractional pseudo-counts: P(Beta(3, 1.5) > ½) = ∫_{½}^1 x²(1 − x)^{½} dx / B(3, 1.5);
    /// with u = 1 − x the integral is [⅔u^{3/2} − ⅘u^{5/2} + 2/7 u^{7/2}] at u = ½, and B(3, 1.5) = 16/105.
    @Test func weightedRuleUsesSummedScoresAsPseudoCounts() throws {
        let rule = try StoppingRule(kind: .weightedBeta, threshold: 0.95)
        let grader = MathGrader(configuration: .voting)
        let decision = rule.decide(
            answers: ["7", "7.0", "3", "7", nil], scores: [1, 0.5, 0.5, 0.5, 1], grader: grader)
        #expect(abs(decision.probability - 0.784_446_585_378_826) < 1e-9)
        #expect(!decision.stops)
        // Scores outside [0, 1] are clamped; a missing score weighs nothing.
        let clamped = rule.decide(answers: ["7", "3"], scores: [4, nil], grader: grader)
        #expect(abs(clamped.probability - rule.probability(tallies: [1, 0])) < 1e-12)
    }

    @Test func unweightedRuleGroupsAnswersByEquivalence() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.95)
        let decision = rule.decide(
            answers: ["\\frac{1}{2}", "0.5", "1/2", "0.50", "3"], scores: [], grader: MathGrader(configuration: .voting)
        )
        #expect(abs(decision.probability - rule.probability(tallies: [4, 1])) < 1e-12)
    }

    @Test(arguments: ["beta:0.95", "dirichlet:0.9", "weighted-beta:0.95", "WEIGHTED-DIRICHLET:0.5"])
    func parsesTheGrammar(text: String) throws {
        let rule = try StoppingRule(parsing: text, minimumSamples: 2)
        #expect(rule.name.lowercased().hasPrefix(text.lowercased().split(separator: ":")[0]))
        #expect(rule.minimumSamples == 2)
    }

    @Test(arguments: [
        "beta", "beta:", "beta:1", "beta:0", "beta:-0.5", "beta:abc", "gamma:0.9", "beta:0.9:1", "decided:0.9",
        "decided:",
    ])
    func rejectsBadRules(text: String) {
        #expect(throws: PonderError.self) { try StoppingRule(parsing: text) }
    }

    @Test func rejectsAMinimumBelowOne() {
        #expect(throws: PonderError.self) { try StoppingRule(kind: .beta, threshold: 0.9, minimumSamples: 0) }
    }

    /// `decided` of a budget of 8: it stops when the leader's count exceeds the runner-up's by more than the
    /// samples left, and not a sample earlier.
    @Test func decidedStopsOnlyWhenTheRestCannotChangeTheWinner() throws {
        let rule = try StoppingRule(parsing: "decided")
        #expect(rule.kind == .decided && rule.name == "decided" && rule.threshold == 1)
        #expect(!rule.decide(tallies: [4], samples: 4, budget: 8).stops, "4 left could tie")
        #expect(rule.decide(tallies: [5], samples: 5, budget: 8).stops, "5 > 3 left")
        #expect(!rule.decide(tallies: [4, 1], samples: 5, budget: 8).stops, "lead 3, 3 left")
        #expect(rule.decide(tallies: [5, 1], samples: 6, budget: 8).stops, "lead 4, 2 left")
        // Samples without an answer count as spent: 3 and 1 of 7 with one left.
        #expect(rule.decide(tallies: [3, 1], samples: 7, budget: 8).stops)
        #expect(!rule.decide(tallies: [2, 2, 1], samples: 8, budget: 8).stops, "a tie is never decided")
        #expect(!rule.decide(tallies: [6], samples: 6, budget: nil).stops, "no budget, no stop")
        let minimum = try StoppingRule(parsing: "decided", minimumSamples: 6)
        #expect(!minimum.decide(tallies: [5], samples: 5, budget: 8).stops)
        #expect(try StoppingRule(name: minimum.name) == minimum)
        #expect(try StoppingRule(kind: .decided, threshold: 0.3) == rule, "the threshold is not used")
    }

    /// Over random answer sequences, `decided` spends at most the budget and the count vote of the samples it
    /// took always has the strict leader that the whole budget's vote has.
    @Test func decidedNeverChangesTheFullBudgetsWinner() throws {
        let rule = try StoppingRule(parsing: "decided")
        var generator = SplitMix64(seed: 5)
        let grader = MathGrader(configuration: .voting)
        var stoppedEarly = 0
        for _ in 0..<500 {
            let budget = Int.random(in: 1...16, using: &generator)
            let answers: [String?] = (0..<budget).map { _ in
                let draw = Int.random(in: 0..<6, using: &generator)
                return draw == 5 ? nil : ["1", "1", "2", "3", "4"][draw]
            }
            func counts(_ prefix: ArraySlice<String?>) -> [String: Int] {
                prefix.compactMap { $0 }.reduce(into: [:]) { $0[$1, default: 0] += 1 }
            }
            guard
                let spent = (1...budget).first(where: {
                    rule.decide(answers: Array(answers.prefix($0)), scores: [], budget: budget, grader: grader).stops
                })
            else { continue }
            let early = counts(answers.prefix(spent)).max { $0.value < $1.value }!.key
            let full = counts(answers[...])
            #expect(full.allSatisfy { $0.key == early || $0.value < full[early]! }, "\(answers) stopped at \(spent)")
            if spent < budget { stoppedEarly += 1 }
        }
        #expect(stoppedEarly > 50, "the property is exercised")
    }

    // MARK: - Giving up

    /// For integer t ≤ k, P(Beta(1 + t, 1 + k − t) ≥ s) = P(Bin(k + 1, s) ≤ t).
    private static func binomialShareTail(leader: Int, samples: Int, share: Double) -> Double {
        let n = samples + 1
        return (0...leader).reduce(0.0) { total, i in
            var coefficient = 1.0
            for j in 0..<i { coefficient = coefficient * Double(n - j) / Double(j + 1) }
            return total + coefficient * pow(share, Double(i)) * pow(1 - share, Double(n - i))
        }
    }

    @Test func theGiveUpPosteriorEqualsTheBinomialSum() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.8, giveUpShare: 0.5)
        for share in [0.25, 0.4, 0.5, 0.75] {
            for samples in 1...20 {
                for leader in 0...samples {
                    let probability = rule.shareProbability(
                        atLeast: share, tallies: [Double(leader)], samples: samples)
                    let expected = Self.binomialShareTail(leader: leader, samples: samples, share: share)
                    #expect(abs(probability - expected) < 1e-10, "t = \(leader), k = \(samples), s = \(share)")
                }
            }
        }
    }

    /// Distinct answers, beta:0.8/give-up=0.5: after 3, P(Beta(2, 3) ≥ ½) = 5/16 = 0.3125 ≥ 0.2, so it goes on;
    /// after 4, P(Beta(2, 4) ≥ ½) = 6/32 = 0.1875 < 0.2, so it gives up.
    @Test func distinctAnswersGiveUpAtTheHandWorkedSample() throws {
        let rule = try StoppingRule(parsing: "beta:0.8/give-up=0.5")
        let grader = MathGrader(configuration: .voting)
        let three = rule.decide(answers: ["1", "2", "3"], scores: [], grader: grader)
        #expect(!three.stops && !three.givesUp)
        #expect(abs(rule.shareProbability(atLeast: 0.5, tallies: [1, 1, 1], samples: 3) - 5.0 / 16) < 1e-12)
        let four = rule.decide(answers: ["1", "2", "3", "4"], scores: [], grader: grader)
        #expect(four.stops && four.givesUp)
        #expect(abs(rule.shareProbability(atLeast: 0.5, tallies: [1, 1, 1, 1], samples: 4) - 6.0 / 32) < 1e-12)
        // Samples without an answer count against the leader: one answer in four gives up as well.
        #expect(rule.decide(answers: ["1", nil, nil, nil], scores: [], grader: grader).givesUp)
        // Without the clause the same rule goes on.
        #expect(
            !(try StoppingRule(parsing: "beta:0.8")).decide(answers: ["1", "2", "3", "4"], scores: [], grader: grader)
                .stops)
    }

    /// A settled leader settles; giving up is only for votes that are not.
    @Test func settlingComesBeforeGivingUp() throws {
        let rule = try StoppingRule(kind: .beta, threshold: 0.8, giveUpShare: 0.95)
        let decision = rule.decide(tallies: [3], samples: 3)
        #expect(decision.stops && !decision.givesUp, "P = 0.9375 ≥ 0.8 settles")
        // P(Beta(4, 1) ≥ 0.95) = 1 − 0.95⁴ ≈ 0.185 < 0.2: it would also give up.
        #expect(rule.shareProbability(atLeast: 0.95, tallies: [3], samples: 3) < 0.2)
        let held = try StoppingRule(kind: .beta, threshold: 0.8, minimumSamples: 5, giveUpShare: 0.5)
        #expect(!held.decide(tallies: [1, 1, 1, 1], samples: 4).stops, "the minimum holds giving up back too")
    }

    @Test func giveUpClausesParseAndNameTheRule() throws {
        let rule = try StoppingRule(parsing: "beta:0.8/give-up=0.5/min=3")
        #expect(rule.giveUpShare == 0.5)
        #expect(rule.minimumSamples == 3)
        #expect(rule.name == "beta:0.8/give-up=0.5/min=3")
        #expect(try StoppingRule(name: rule.name) == rule)
        #expect(try StoppingRule(parsing: "dirichlet:0.9/min=2/give-up=0.4").name == "dirichlet:0.9/give-up=0.4/min=2")
        #expect(try StoppingRule(parsing: "beta:0.9", giveUpShare: 0.4).name == "beta:0.9/give-up=0.4")
        #expect(try StoppingRule(parsing: "beta:0.9").name == "beta:0.9", "names without the clause are unchanged")
    }

    @Test func theOrderClauseParsesAndNamesTheRule() throws {
        #expect(try StoppingRule(parsing: "beta:0.8").order == .sample, "sample order unless told")
        let rule = try StoppingRule(parsing: "beta:0.8/order=finish/give-up=0.5")
        #expect(rule.order == .finish)
        #expect(rule.name == "beta:0.8/give-up=0.5/order=finish")
        #expect(try StoppingRule(name: rule.name) == rule)
        #expect(try StoppingRule(parsing: "decided/order=finish").name == "decided/order=finish")
        #expect(try StoppingRule(parsing: "beta:0.8/order=sample").name == "beta:0.8")
    }

    @Test func theWindowClauseParsesAndNamesTheRule() throws {
        #expect(try StoppingRule(parsing: "beta:0.8").window == nil, "no window unless told")
        let rule = try StoppingRule(parsing: "beta:0.8/window=4/give-up=0.5")
        #expect(rule.window == 4)
        #expect(rule.name == "beta:0.8/give-up=0.5/window=4")
        #expect(try StoppingRule(name: rule.name) == rule)
        #expect(try JSONDecoder().decode(StoppingRule.self, from: JSONEncoder().encode(rule)) == rule)
        #expect(try StoppingRule(parsing: "decided/window=2/order=finish").name == "decided/order=finish/window=2")
        #expect(throws: PonderError.self) { try StoppingRule(kind: .beta, threshold: 0.8, window: 0) }
    }

    @Test func aRuleEncodedBeforeTheOrderExistedDecodesInSampleOrder() throws {
        let old = Data(#"{"kind":"beta","threshold":0.8,"minimumSamples":1}"#.utf8)
        let rule = try JSONDecoder().decode(StoppingRule.self, from: old)
        #expect(rule == (try StoppingRule(kind: .beta, threshold: 0.8)))
        let finish = try StoppingRule(parsing: "dirichlet:0.9/order=finish/min=2")
        #expect(try JSONDecoder().decode(StoppingRule.self, from: JSONEncoder().encode(finish)) == finish)
    }

    @Test(arguments: [
        "beta:0.8/give-up=1", "beta:0.8/give-up=0", "beta:0.8/give-up=x", "beta:0.8/give-up=", "beta:0.8/foo=1",
        "beta:0.8/", "decided/give-up=0.5", "beta:0.8/min=0", "beta:0.8/min=x", "beta:0.8/order=shortest",
        "beta:0.8/order=", "beta:0.8/window=0", "beta:0.8/window=-3", "beta:0.8/window=x", "beta:0.8/window=",
    ])
    func rejectsBadClauses(text: String) {
        #expect(throws: PonderError.self) { try StoppingRule(parsing: text) }
    }
}
