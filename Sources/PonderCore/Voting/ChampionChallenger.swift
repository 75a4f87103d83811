/// Selection by a pairwise judge: majority vote's answer is the champion, and each other answer challenges it
/// once, its first solution against the champion's first solution, judged in both orders; the challenger with
/// the highest win probability (the mean of its two orders, which cancels a constant position bias) takes over
/// when that probability is above ``threshold``.
///
/// Where majority vote fails with a right answer among the candidates, that answer is usually rare (one or two
/// samples of sixteen on MATH-500 with a 0.5B policy), so a judge scoring each solution alone must rank it above
/// every wrong one; here it has to beat one solution, the champion's, side by side. The cost is two judge
/// passes over two solutions per other answer: 2(K − 1) comparisons for K distinct answers, none when every
/// answered candidate agrees.
public struct ChampionChallenger: Sendable {
    /// A challenger replaces the champion when its win probability is above this.
    public var threshold: Double

    /// One challenging answer and how it fared.
    public struct Challenge: Sendable, Hashable {
        /// The challenging answer group (``VoteTable/groups`` index).
        public var group: Int
        /// The candidate that argued for it: the group's first.
        public var candidate: Int
        /// The judge's preference for the challenger when it was Solution B (the champion's A).
        public var asSecond: Double
        /// The judge's preference for the challenger when it was Solution A.
        public var asFirst: Double
        /// The mean of both orders.
        public var winProbability: Double { (asSecond + asFirst) / 2 }
    }

    /// What the selection found.
    public struct Outcome: Sendable, Hashable {
        /// The answers grouped by equivalence, majority's winner first among equals.
        public var votes: VoteTable
        /// The champion's group (majority vote's winner); `nil` when no candidate has an answer.
        public var champion: Int?
        /// Every other group's challenge, in group order.
        public var challenges: [Challenge]
        /// The selected group: the champion, or the challenger that beat it.
        public var selected: Int?
        /// What the judge's comparisons cost.
        public var usage: TokenUsage

        /// The group selected at `threshold`: the challenger with the highest win probability above it (the
        /// earlier group on a tie), or the champion. The comparisons do not depend on the threshold, so one set
        /// of them gives the selection at every threshold.
        public func selection(threshold: Double) -> Int? {
            guard var selected = champion else { return nil }
            var best = threshold
            for challenge in challenges where challenge.winProbability > best {
                best = challenge.winProbability
                selected = challenge.group
            }
            return selected
        }

        /// The selected answer.
        public var answer: String? { selected.map { votes.groups[$0].answer } }
        /// The candidate that stands for the selected answer (its group's first).
        public var selectedCandidate: Int? { selected.map { votes.groups[$0].members[0] } }
    }

    /// Creates the rule.
    public init(threshold: Double = 0.5) {
        self.threshold = threshold
    }

    /// Selects among `solutions` (each a candidate's steps) with stated `answers` (`nil` where a candidate has
    /// none), grouping answers with `grader` (voting equivalence).
    ///
    /// - Throws: what `judge` throws.
    public func select(
        problem: Problem, solutions: [[Step]], answers: [String?], grader: any AnswerGrader, judge: any PairwiseJudge
    ) async throws -> Outcome {
        precondition(solutions.count == answers.count, "one answer per solution")
        let votes = VoteTable(answers: answers, rule: .majority, grader: grader)
        guard let champion = votes.winner else {
            return Outcome(votes: votes, champion: nil, challenges: [], selected: nil, usage: .zero)
        }
        let defender = votes.groups[champion].members[0]
        let challengers = votes.groups.indices.filter { $0 != champion }
        guard !challengers.isEmpty else {
            return Outcome(votes: votes, champion: champion, challenges: [], selected: champion, usage: .zero)
        }
        let representatives = challengers.map { votes.groups[$0].members[0] }
        // Two calls: the champion as A (its text a prefix every prompt shares), then each challenger as A.
        let championFirst = try await judge.compare(
            representatives.map {
                PairwiseComparisonRequest(problem: problem, first: solutions[defender], second: solutions[$0])
            })
        let challengerFirst = try await judge.compare(
            representatives.map {
                PairwiseComparisonRequest(problem: problem, first: solutions[$0], second: solutions[defender])
            })
        var challenges: [Challenge] = []
        for (index, group) in challengers.enumerated() {
            challenges.append(
                Challenge(
                    group: group, candidate: representatives[index],
                    asSecond: 1 - championFirst[index].probabilityFirst,
                    asFirst: challengerFirst[index].probabilityFirst))
        }
        let usage = (championFirst + challengerFirst).map(\.usage).reduce(TokenUsage.zero, +)
        var outcome = Outcome(votes: votes, champion: champion, challenges: challenges, selected: nil, usage: usage)
        outcome.selected = outcome.selection(threshold: threshold)
        return outcome
    }
}
