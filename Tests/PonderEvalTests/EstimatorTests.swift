import PonderCore
import PonderEval
import Testing

@Suite struct PassAtKTests {
    static let handComputed: [(n: Int, c: Int, k: Int, expected: Double)] = [
        (4, 1, 1, 0.25), (4, 2, 2, 5.0 / 6), (5, 0, 3, 0), (5, 5, 3, 1), (10, 3, 5, 1 - 21.0 / 252), (3, 2, 2, 1),
        (16, 1, 16, 1), (16, 4, 1, 0.25),
    ]

    @Test(arguments: handComputed)
    func handComputedValues(n: Int, c: Int, k: Int, expected: Double) {
        #expect(abs(PassAtK.estimate(samples: n, correct: c, k: k) - expected) < 1e-12)
    }

    /// 1 − C(n−c, k)/C(n, k) with exact binomials.
    private func binomialForm(n: Int, c: Int, k: Int) -> Double {
        func choose(_ n: Int, _ k: Int) -> Double {
            guard k >= 0, k <= n else { return 0 }
            var value = 1.0
            for i in 0..<k { value = value * Double(n - i) / Double(i + 1) }
            return value
        }
        return 1 - choose(n - c, k) / choose(n, k)
    }

    @Test func agreesWithTheBinomialFormEverywhereUpToSixteenSamples() {
        for n in 1...16 {
            for c in 0...n {
                for k in 1...n {
                    #expect(abs(PassAtK.estimate(samples: n, correct: c, k: k) - binomialForm(n: n, c: c, k: k)) < 1e-9)
                }
            }
        }
    }

    @Test func passAtOneIsTheFractionCorrect() {
        for n in 1...20 {
            for c in 0...n {
                #expect(abs(PassAtK.estimate(samples: n, correct: c, k: 1) - Double(c) / Double(n)) < 1e-12)
            }
        }
    }

    @Test func reportedKAreThePowersOfTwoAndN() {
        #expect(PassAtK.reportedK(samples: 16) == [1, 2, 4, 8, 16])
        #expect(PassAtK.reportedK(samples: 12) == [1, 2, 4, 8, 12])
        #expect(PassAtK.reportedK(samples: 1) == [1])
        #expect(PassAtK.reportedK(samples: 0) == [])
    }
}

@Suite struct DifficultyBinTests {
    static let boundaries: [(correct: Int, samples: Int, expected: DifficultyBin)] = [
        (10, 10, .easy), (5, 10, .easy), (1, 2, .easy), (4, 10, .medium), (1, 10, .medium), (1, 11, .hard),
        (0, 10, .hard), (8, 16, .easy), (7, 16, .medium), (2, 16, .medium), (1, 16, .hard),
    ]

    @Test(arguments: boundaries)
    func boundariesBelongToTheEasierBin(correct: Int, samples: Int, expected: DifficultyBin) {
        #expect(DifficultyBin(correct: correct, samples: samples) == expected)
    }

    @Test func everyCountLandsInTheBinOfItsExactPassAtOne() {
        for samples in 1...64 {
            for correct in 0...samples {
                // Rational comparisons: c/n ≥ 1/2 and c/n ≥ 1/10.
                let expected: DifficultyBin = correct * 2 >= samples ? .easy : correct * 10 >= samples ? .medium : .hard
                #expect(DifficultyBin(correct: correct, samples: samples) == expected)
            }
        }
    }

    @Test func noSamplesNoBin() {
        #expect(DifficultyBin(correct: 0, samples: 0) == nil)
        #expect(DifficultyEstimate(correct: 0, samples: 0).bin == nil)
        #expect(DifficultyEstimate(correct: 3, samples: 4).passAt1 == 0.75)
    }
}

@Suite struct BootstrapTests {
    @Test func percentilesInterpolateBetweenOrderStatistics() {
        let sorted = [1.0, 2, 3, 4]
        #expect(Percentile.linear(sorted, 0) == 1)
        #expect(Percentile.linear(sorted, 1) == 4)
        #expect(Percentile.linear(sorted, 0.5) == 2.5)
        #expect(Percentile.linear(sorted, 0.25) == 1.75)
        #expect(Percentile.linear([5], 0.9) == 5)
        #expect(abs(Percentile.linear(Array(stride(from: 0.0, through: 100, by: 1)), 0.975) - 97.5) < 1e-12)
    }

    @Test func theEstimateIsTheMeanOfPerProblemMeans() {
        #expect(Bootstrap.mean([[1], [0], [1], [1]]) == 0.75)
        #expect(Bootstrap.mean([[1, 0], [1, 1]]) == 0.75)
        #expect(Bootstrap.mean([[1, 0, 0, 0], [1]]) == 0.625)
        #expect(Bootstrap.mean([]) == nil)
        #expect(Bootstrap.mean([[], []]) == nil)
    }

    @Test func constantDataHaveAZeroWidthInterval() throws {
        let interval = try #require(Bootstrap(resamples: 500).interval(Array(repeating: [1.0], count: 7)))
        #expect(interval == ConfidenceInterval(estimate: 1, lower: 1, upper: 1))
    }

    @Test func replicatesOfThreeProblemsFollowTheBinomialByHand() throws {
        // One right of three: a replicate's mean is k/3, k ~ Binomial(3, 1/3): P = 8/27, 12/27, 6/27, 1/27.
        let bootstrap = Bootstrap(resamples: 20_000, seed: 11)
        let replicates = bootstrap.replicates([[1], [0], [0]])
        let counts = Dictionary(grouping: replicates) { Int(($0 * 3).rounded()) }.mapValues {
            Double($0.count) / 20_000
        }
        #expect(Set(counts.keys) == [0, 1, 2, 3])
        for (k, probability) in [0: 8.0 / 27, 1: 12.0 / 27, 2: 6.0 / 27, 3: 1.0 / 27] {
            #expect(abs((counts[k] ?? 0) - probability) < 0.015, "k = \(k)")
        }
        // P(0) = 29.6% > 2.5% and P(1) = 3.7% > 2.5%: the 95% interval is [0, 1] around 1/3.
        let interval = try #require(bootstrap.interval([[1], [0], [0]]))
        #expect(interval.lower == 0)
        #expect(interval.upper == 1)
        #expect(abs(interval.estimate - 1.0 / 3) < 1e-12)
    }

    @Test func aHundredProblemsAtHalfGiveTheNormalWidth() throws {
        // p = 0.5, n = 100: standard error 0.05, so the 95% interval is about 0.5 ± 0.098.
        let groups = (0..<100).map { [$0 % 2 == 0 ? 1.0 : 0] }
        let interval = try #require(Bootstrap(resamples: 4000, seed: 3).interval(groups))
        #expect(interval.estimate == 0.5)
        #expect(abs(interval.lower - 0.402) < 0.02)
        #expect(abs(interval.upper - 0.598) < 0.02)
    }

    @Test func seedsChangeTheIntervalOnlyWhereTheyDisagree() throws {
        // Two seeds that agree on every problem give the one-seed interval exactly.
        let one = (0..<40).map { [$0 % 4 == 0 ? 1.0 : 0] }
        let agreeing = one.map { $0 + $0 }
        let bootstrap = Bootstrap(resamples: 1000, seed: 9)
        let single = try #require(bootstrap.interval(one))
        let double = try #require(bootstrap.interval(agreeing))
        #expect(single == double)
        #expect(bootstrap.replicates(one) == bootstrap.replicates(agreeing))
        // One problem whose two seeds disagree: replicates take 0, 0.5 and 1.
        let split = bootstrap.replicates([[1, 0]])
        #expect(Set(split) == [0, 0.5, 1])
    }

    @Test func theSameSeedGivesTheSameInterval() {
        let groups = (0..<30).map { [$0 % 3 == 0 ? 1.0 : 0] }
        #expect(Bootstrap(seed: 1).interval(groups) == Bootstrap(seed: 1).interval(groups))
        #expect(Bootstrap(seed: 1).replicates(groups) != Bootstrap(seed: 2).replicates(groups))
    }
}
