/// Candidates grouped by equivalent answers, each group scored by a ``SelectionRule``, and the winner.
public struct VoteTable: Sendable, Hashable, Codable {
    /// One group of candidates with equivalent answers.
    public struct Group: Sendable, Hashable, Codable {
        /// The answer of the group's first candidate.
        public var answer: String
        /// Indexes of the candidates in the group, in order.
        public var members: [Int]
        /// The group's score under the rule: count, best member score or summed member scores.
        public var score: Double

        /// Creates a group.
        public init(answer: String, members: [Int], score: Double) {
            self.answer = answer
            self.members = members
            self.score = score
        }
    }

    /// The rule the groups were scored by.
    public var rule: SelectionRule
    /// Groups in order of their first candidate.
    public var groups: [Group]
    /// Index into ``groups`` of the winner, or `nil` when no candidate had an answer.
    public var winner: Int?

    /// The winning answer.
    public var answer: String? { winner.map { groups[$0].answer } }

    /// Groups `answers` by equivalence and picks a winner.
    ///
    /// Candidates without an answer take no part. Ties go to the group whose first candidate came first.
    /// - Parameters:
    ///   - answers: each candidate's extracted answer, or `nil`.
    ///   - stepScores: each candidate's step scores (needed by the PRM rules; missing scores aggregate to -1).
    ///   - rule: how groups are scored.
    ///   - grader: decides which answers are equivalent.
    public init(answers: [String?], stepScores: [[Double]?] = [], rule: SelectionRule, grader: any AnswerGrader) {
        precondition(stepScores.isEmpty || stepScores.count == answers.count, "one list of step scores per answer")
        self.rule = rule
        var groups: [Group] = []
        for (index, answer) in answers.enumerated() {
            guard let answer else { continue }
            let pathScore = rule.aggregation.aggregate(stepScores.isEmpty ? [] : stepScores[index] ?? [])
            let memberScore = rule.kind == .majority ? 1 : pathScore
            if let group = groups.firstIndex(where: { grader.isEquivalent($0.answer, answer) }) {
                groups[group].members.append(index)
                groups[group].score =
                    rule.kind == .max
                    ? max(groups[group].score, memberScore) : groups[group].score + memberScore
            } else {
                groups.append(Group(answer: answer, members: [index], score: memberScore))
            }
        }
        self.groups = groups
        // Strictly greater replaces, so ties keep the group seen first.
        var best: Int?
        for index in groups.indices {
            if let current = best, groups[index].score <= groups[current].score { continue }
            best = index
        }
        self.winner = best
    }
}
