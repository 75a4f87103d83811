import PonderMath
import Testing

@Suite struct EquivalenceTableTests {
    let grader = MathGrader(configuration: .grading)

    @Test func tableHoldsAtLeastThreeHundredCases() {
        #expect(EquivalenceTable.all.count >= 300)
    }

    @Test(arguments: EquivalenceTable.all)
    func gradingMatchesTheHandCheckedVerdict(_ row: EquivalenceCase) {
        let verdict = grader.judge(gold: row.gold, prediction: row.prediction)
        #expect(verdict.isEquivalent == row.isEquivalent)
        if let rule = row.rule { #expect(verdict.rule == rule) }
    }

    @Test(arguments: EquivalenceTable.all.filter { $0.rule != .percent })
    func gradingIsSymmetricOutsidePercentVariants(_ row: EquivalenceCase) {
        let forward = grader.judge(gold: row.gold, prediction: row.prediction)
        let backward = grader.judge(gold: row.prediction, prediction: row.gold)
        #expect(forward.isEquivalent == backward.isEquivalent)
    }

    @Test(arguments: EquivalenceTable.percent.filter(\.isEquivalent))
    func votingConfigurationRejectsPercentVariants(_ row: EquivalenceCase) {
        let voting = MathGrader(configuration: .voting)
        #expect(!voting.isEquivalent(row.gold, row.prediction))
    }
}
