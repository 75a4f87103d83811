import PonderCore
import PonderMath
import Testing

@Suite struct VoteTableTests {
    let grader = MathGrader(configuration: .voting)

    @Test func majorityCountsEquivalentAnswersTogether() {
        let table = VoteTable(answers: ["2", "3", "2.0", nil, "3", "\\frac{4}{2}"], rule: .majority, grader: grader)
        #expect(table.groups.map(\.answer) == ["2", "3"])
        #expect(table.groups.map(\.members) == [[0, 2, 5], [1, 4]])
        #expect(table.groups.map(\.score) == [3, 2])
        #expect(table.answer == "2")
    }

    @Test func tiesGoToTheFirstAnswerSeen() {
        #expect(VoteTable(answers: ["5", "7", "7", "5"], rule: .majority, grader: grader).answer == "5")
        #expect(VoteTable(answers: ["7", "5", "5", "7"], rule: .majority, grader: grader).answer == "7")
        let max = VoteTable(answers: ["1", "2"], stepScores: [[0.5], [0.5]], rule: .lastMax, grader: grader)
        #expect(max.answer == "1")
    }

    @Test func scoreMaxFollowsTheSingleBestCandidate() {
        let table = VoteTable(
            answers: ["1", "1", "2"], stepScores: [[0.6], [0.7], [0.9]], rule: .lastMax, grader: grader)
        #expect(table.answer == "2")
        #expect(table.groups.map(\.score) == [0.7, 0.9])
    }

    @Test func scoreVoteSumsEachGroup() {
        let table = VoteTable(
            answers: ["1", "1", "2"], stepScores: [[0.6], [0.7], [0.9]], rule: .lastVote, grader: grader)
        #expect(table.answer == "1")
        #expect(abs(table.groups[0].score - 1.3) < 1e-12)
    }

    @Test func noAnswersMeansNoWinner() {
        let table = VoteTable(answers: [nil, nil], rule: .majority, grader: grader)
        #expect(table.winner == nil)
        #expect(table.answer == nil)
        #expect(table.groups.isEmpty)
    }
}
