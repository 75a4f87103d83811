import GRDB
public import PonderCore

extension EvalStore {
    /// What ``EvalStore/regrade(with:)`` read and changed.
    public struct Regrading: Sendable, Hashable {
        /// Where a graded answer is stored.
        public enum Place: Sendable, Hashable, CustomStringConvertible {
            /// A candidate, at its position in the run.
            case candidate(position: Int)
            /// A selection rule's answer at a budget.
            case selection(budget: Int, rule: String)

            public var description: String {
                switch self {
                case .candidate(let position): "candidate \(position)"
                case .selection(let budget, let rule): "selection N = \(budget), \(rule)"
                }
            }
        }

        /// One stored answer whose verdict changed.
        public struct Change: Sendable, Hashable {
            /// The run's problem.
            public var problemID: String
            /// The run's strategy.
            public var strategy: String
            /// The run's gold answer.
            public var gold: String
            /// The answer graded.
            public var answer: String
            /// Where it is stored.
            public var place: Place
            /// The verdict now (the stored one was the opposite).
            public var correct: Bool

            /// Creates a change.
            public init(problemID: String, strategy: String, gold: String, answer: String, place: Place, correct: Bool)
            {
                self.problemID = problemID
                self.strategy = strategy
                self.gold = gold
                self.answer = answer
                self.place = place
                self.correct = correct
            }
        }

        /// Runs read.
        public var runs = 0
        /// Candidates graded.
        public var candidates = 0
        /// Selections graded.
        public var selections = 0
        /// The verdicts that changed, candidates first, each kind in the store's order.
        public var changes: [Change] = []

        /// How many candidates' verdicts changed.
        public var changedCandidates: Int {
            changes.count { if case .candidate = $0.place { true } else { false } }
        }

        /// Creates an empty account.
        public init() {}
    }

    /// Grades every stored candidate and selection again against its run's gold answer with `grading`, and
    /// stores the verdicts that changed (with each run's count of right candidates), in one transaction.
    ///
    /// For a grader that changed after the runs were stored: the answers are the stored ones, as extracted and
    /// as voting grouped them when the run was made, so a change to extraction or to voting's grouping needs the
    /// runs made again; a change to how an answer is compared with the gold needs only this.
    ///
    /// - Throws: ``EvalError`` when SQLite fails (nothing is then changed).
    public func regrade(with grading: any AnswerGrader) async throws -> Regrading {
        try await guarded {
            try await write { db in try Self.regrade(db, grading: grading) }
        }
    }

    private static func regrade(_ db: Database, grading: any AnswerGrader) throws -> Regrading {
        typealias R = RunRow.Columns
        typealias C = CandidateRow.Columns
        typealias S = SelectionRow.Columns
        struct Run {
            var problemID: String
            var strategy: String
            var gold: String
        }
        var runs: [Int64: Run] = [:]
        for row in try RunRow.select(R.id, R.problemID, R.strategy, R.gold).asRequest(of: Row.self).fetchAll(db) {
            runs[row[R.id]] = Run(problemID: row[R.problemID], strategy: row[R.strategy], gold: row[R.gold])
        }
        let grader = MemoizingGrader(grading)
        /// One stored verdict: a candidate's or a selection's.
        struct Stored {
            var runID: Int64
            var place: Regrading.Place
            var answer: String?
            var correct: Bool
        }
        let candidates = try CandidateRow.select(C.runID, C.position, C.answer, C.correct).asRequest(of: Row.self)
            .fetchAll(db).map {
                Stored(
                    runID: $0[C.runID], place: .candidate(position: $0[C.position]), answer: $0[C.answer],
                    correct: $0[C.correct])
            }
        let selections = try SelectionRow.select(S.runID, S.budget, S.rule, S.answer, S.correct)
            .asRequest(of: Row.self).fetchAll(db).map {
                Stored(
                    runID: $0[S.runID], place: .selection(budget: $0[S.budget], rule: $0[S.rule]), answer: $0[S.answer],
                    correct: $0[S.correct])
            }
        var account = Regrading()
        (account.runs, account.candidates, account.selections) = (runs.count, candidates.count, selections.count)
        var touched: Set<Int64> = []
        for stored in candidates + selections {
            guard let run = runs[stored.runID] else { continue }
            let now = stored.answer.map { grader.isEquivalent(run.gold, $0) } ?? false
            guard now != stored.correct else { continue }
            let id = stored.runID
            switch stored.place {
            case .candidate(let position):
                try CandidateRow.filter(C.runID == id && C.position == position).updateAll(db, C.correct.set(to: now))
                touched.insert(id)
            case .selection(let budget, let rule):
                try SelectionRow.filter(S.runID == id && S.budget == budget && S.rule == rule)
                    .updateAll(db, S.correct.set(to: now))
            }
            account.changes.append(
                Regrading.Change(
                    problemID: run.problemID, strategy: run.strategy, gold: run.gold, answer: stored.answer ?? "",
                    place: stored.place, correct: now))
        }

        for id in touched {
            let right = try CandidateRow.filter(C.runID == id && C.correct == true).fetchCount(db)
            try RunRow.filter(R.id == id).updateAll(db, R.correctCandidates.set(to: right))
        }
        return account
    }
}
