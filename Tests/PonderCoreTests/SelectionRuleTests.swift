import PonderCore
import PonderMath
import Testing

@Suite struct SelectionRuleTests {
    let grader = MathGrader(configuration: .voting)
    // Three candidates: answers 1, 1, 2 with step scores chosen so that every rule is told apart.
    let answers: [String?] = ["1", "1", "2"]
    let steps: [[Double]?] = [[0.9, 0.2], [0.6, 0.5], [0.4, 0.8]]

    @Test(arguments: [
        ("majority", "1", [2.0, 1.0]),
        ("prm-last-max", "2", [0.5, 0.8]),
        ("prm-last-vote", "2", [0.7, 0.8]),
        ("prm-min-max", "1", [0.5, 0.4]),
        ("prm-min-vote", "1", [0.7, 0.4]),
        ("prm-avg-max", "2", [0.55, 0.6]),
        ("prm-avg-vote", "1", [1.1, 0.6]),
        ("prm-prod-max", "2", [0.3, 0.32]),
        ("prm-prod-vote", "1", [0.48, 0.32]),
    ])
    func eachRuleScoresGroupsAsDefined(name: String, winner: String, scores: [Double]) throws {
        let rule = try SelectionRule(parsing: name)
        #expect(rule.name == name)
        let table = VoteTable(answers: answers, stepScores: steps, rule: rule, grader: grader)
        #expect(table.answer == winner)
        #expect(
            zip(table.groups.map(\.score), scores).allSatisfy { abs($0 - $1) < 1e-9 }, "\(table.groups.map(\.score))")
    }

    @Test func tiedGroupsGoToTheFirstAnswer() throws {
        // Exact binary fractions: 0.5 for "5", 0.25 + 0.25 for "7".
        let answers: [String?] = ["5", "7", "7", "5"]
        let steps: [[Double]?] = [[0.5], [0.25], [0.25], [0]]
        let vote = VoteTable(answers: answers, stepScores: steps, rule: .lastVote, grader: grader)
        #expect(vote.groups.map(\.score) == [0.5, 0.5])
        #expect(vote.answer == "5")
        let reversed = VoteTable(
            answers: answers.reversed(), stepScores: steps.reversed(), rule: .lastVote, grader: grader)
        #expect(reversed.answer == "5", "\"5\" is still seen first")
        let max = VoteTable(answers: ["7", "5"], stepScores: [[0.5], [0.5]], rule: .lastMax, grader: grader)
        #expect(max.answer == "7")
    }

    @Test func aliasesParse() throws {
        #expect(try SelectionRule(parsing: "max") == .lastMax)
        #expect(try SelectionRule(parsing: "vote") == .lastVote)
        #expect(try SelectionRule(parsing: "prm-mean-vote") == SelectionRule(kind: .vote, aggregation: .mean))
        #expect(try SelectionRule(parsing: "PRM-PRODUCT-MAX") == SelectionRule(kind: .max, aggregation: .product))
        #expect(SelectionRule.all.count == 9)
    }

    @Test(arguments: ["best", "prm-last", "prm-median-max", "prm-last-majority", ""])
    func unknownRulesAreRejected(name: String) {
        #expect(throws: PonderError.self) { try SelectionRule(parsing: name) }
    }

    @Test(arguments: [
        (ScoreAggregation.last, 0.5), (.min, 0.2), (.mean, 0.5), (.product, 0.2 * 0.8 * 0.5),
    ])
    func aggregationsCombineStepScores(aggregation: ScoreAggregation, expected: Double) {
        #expect(abs(aggregation.aggregate([0.2, 0.8, 0.5]) - expected) < 1e-12)
        #expect(aggregation.aggregate([]) == -1)
    }
}
