import PonderCore
import PonderEval
import Testing

@Suite struct StratifiedSampleTests {
    @Test func quotasFollowLargestRemaindersWithTiesToTheLowerLevel() {
        // MATH-500's levels, 100 problems: exact shares 8.6, 18, 21, 25.6, 26.8.
        let sizes: [Int?: Int] = [1: 43, 2: 90, 3: 105, 4: 128, 5: 134]
        let quotas = StratifiedSample(count: 100, seed: 0).quotas(sizes: sizes)
        #expect(quotas == [1: 9, 2: 18, 3: 21, 4: 25, 5: 27])
    }

    @Test(arguments: [1, 7, 33, 99, 250, 499])
    func quotasAddUpAndStayWithinOneOfTheExactShare(count: Int) {
        let sizes: [Int?: Int] = [1: 43, 2: 90, 3: 105, 4: 128, 5: 134, nil: 0]
        let quotas = StratifiedSample(count: count, seed: 0).quotas(sizes: sizes)
        #expect(quotas.values.reduce(0, +) == count)
        for (level, size) in sizes {
            let exact = Double(count * size) / 500
            #expect(Double(quotas[level] ?? 0) >= exact.rounded(.down))
            #expect(Double(quotas[level] ?? 0) <= exact.rounded(.up))
        }
    }

    @Test func drawKeepsDatasetOrderAndTheQuotas() {
        let problems = TestSupport.dataset(["1"], count: 50).problems
        let sample = StratifiedSample(count: 12, seed: 7).draw(from: problems)
        #expect(sample.count == 12)
        #expect(sample.map(\.line) == sample.map(\.line).sorted())
        let levels = Dictionary(grouping: sample, by: { $0.level ?? 0 }).mapValues(\.count)
        #expect(levels.values.allSatisfy { $0 == 2 || $0 == 3 })
        #expect(levels.values.reduce(0, +) == 12)
    }

    @Test func sameSeedSameSampleOtherSeedOtherSample() {
        let problems = TestSupport.dataset(["1"], count: 100).problems
        let first = StratifiedSample(count: 20, seed: 1).draw(from: problems)
        #expect(StratifiedSample(count: 20, seed: 1).draw(from: problems) == first)
        #expect(StratifiedSample(count: 20, seed: 2).draw(from: problems) != first)
    }

    @Test func aSampleAsLargeAsTheDatasetIsTheDataset() {
        let problems = TestSupport.dataset(["1"], count: 9).problems
        #expect(StratifiedSample(count: 9, seed: 0).draw(from: problems) == problems)
        #expect(StratifiedSample(count: 20, seed: 0).draw(from: problems) == problems)
    }

    @Test func problemsWithoutALevelFormTheirOwnStratum() {
        var problems = TestSupport.dataset(["1"], count: 10).problems
        for index in 0..<5 { problems[index].level = nil }
        let sample = StratifiedSample(count: 4, seed: 0).draw(from: problems)
        #expect(sample.filter { $0.level == nil }.count == 2)
    }
}

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // The reference implementation's first outputs for seed 0 (Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func indexesStayInRangeAndCoverIt() {
        var generator = SplitMix64(seed: 42)
        for bound in [1, 2, 3, 7, 10, 1000] {
            var seen = Set<Int>()
            for _ in 0..<(bound * 50) {
                let index = generator.index(below: bound)
                #expect(index >= 0 && index < bound)
                seen.insert(index)
            }
            #expect(seen.count == bound)
        }
    }

    @Test func shuffleIsAPermutation() {
        var generator = SplitMix64(seed: 5)
        var values = Array(0..<100)
        generator.shuffle(&values)
        #expect(values.sorted() == Array(0..<100))
        #expect(values != Array(0..<100))
    }
}
