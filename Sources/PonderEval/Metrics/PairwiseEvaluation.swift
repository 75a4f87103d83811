import Foundation
public import PonderCore

/// Whether a pairwise judge closes majority vote's selection gap, measured on stored samples: for each stored
/// majority run and each budget N, its first N samples go through ``ChampionChallenger`` and the selected answer
/// is compared with majority's and with pass@N (`ponder judge --pairwise`). Nothing is generated and nothing is
/// written; the judge's comparisons of one problem are remembered across budgets (the first samples of a smaller
/// budget are the larger one's), so each pair of solutions is judged once per order.
public struct PairwiseEvaluation: Sendable {
    /// One stored sample.
    public struct Sample: Sendable, Hashable {
        /// Its steps' texts.
        public var steps: [String]
        /// The answer it states.
        public var answer: String?
        /// Whether that answer was graded right.
        public var correct: Bool

        /// Creates a sample.
        public init(steps: [String], answer: String?, correct: Bool) {
            self.steps = steps
            self.answer = answer
            self.correct = correct
        }
    }

    /// One stored majority run to select in.
    public struct Item: Sendable, Hashable {
        /// The problem, with its statement from the dataset.
        public var problem: Problem
        /// The run's samples in sample order.
        public var samples: [Sample]

        /// Creates an item.
        public init(problem: Problem, samples: [Sample]) {
            self.problem = problem
            self.samples = samples
        }
    }

    /// What the selection did at one budget and threshold.
    public struct Row: Sendable, Hashable {
        /// The budget N.
        public var budget: Int
        /// The win probability a challenger had to exceed.
        public var threshold: Double
        /// Problems with at least N stored samples.
        public var problems: Int
        /// Problems with a right answer among the first N samples.
        public var covered: Int
        /// Problems majority vote gets right.
        public var majority: Int
        /// Problems the champion–challenger selection gets right.
        public var selected: Int
        /// Problems it gets right where majority is wrong.
        public var gained: Int
        /// Problems majority gets right where it is wrong.
        public var lost: Int
        /// Comparisons it asked for (both orders counted), remembered ones included.
        public var comparisons: Int
    }

    /// One challenge as the judge decided it, for analysis (`ponder judge --pairwise --details`).
    public struct Challenge: Sendable, Hashable {
        /// The problem.
        public var problemID: String
        /// The budget N.
        public var budget: Int
        /// The champion's answer.
        public var champion: String
        /// Whether the champion's answer is right.
        public var championCorrect: Bool
        /// The challenger's answer.
        public var challenger: String
        /// Whether the challenger's answer is right.
        public var challengerCorrect: Bool
        /// The judge's preference for the challenger as Solution B.
        public var asSecond: Double
        /// The judge's preference for the challenger as Solution A.
        public var asFirst: Double
    }

    /// The runs to select in.
    public var items: [Item]
    /// The thresholds to select at, from one set of comparisons.
    public var thresholds: [Double]

    /// Creates an evaluation.
    public init(items: [Item], thresholds: [Double] = [0.5]) {
        self.items = items
        self.thresholds = thresholds
    }

    /// The stored majority runs of `store` whose problem `dataset` holds, one per problem (the first stored run
    /// with the most samples).
    ///
    /// - Throws: ``EvalError`` when the store cannot be read.
    public static func items(from store: EvalStore, dataset: Dataset) async throws -> [Item] {
        let problems = Dictionary(dataset.problems.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen: [String: StoredRun] = [:]
        var order: [String] = []
        for run in try await store.snapshot().runs
        where run.key.strategy == StrategyKind.majority.rawValue && problems[run.key.problemID] != nil {
            if let current = chosen[run.key.problemID] {
                if run.candidateCount > current.candidateCount { chosen[run.key.problemID] = run }
            } else {
                chosen[run.key.problemID] = run
                order.append(run.key.problemID)
            }
        }
        var items: [Item] = []
        for id in order {
            guard let run = chosen[id], let problem = problems[id], let record = try await store.loadRecord(id: run.id)
            else { continue }
            items.append(
                Item(
                    problem: problem.problem,
                    samples: record.candidates.map { Sample(steps: $0.steps, answer: $0.answer, correct: $0.correct) }))
        }
        return items
    }

    /// Runs the selection at every budget of `budgets` and every threshold on every item with that many samples.
    ///
    /// - Parameters:
    ///   - judge: the pairwise judge.
    ///   - grader: groups answers (voting equivalence).
    ///   - budgets: the budgets N, ascending.
    ///   - progress: called after each item with the number done.
    /// - Returns: one row per budget and threshold (budget-major), every challenge, and what the judge's
    ///   comparisons cost.
    /// - Throws: what the judge throws.
    public func measure(
        _ judge: any PairwiseJudge, grader: any AnswerGrader, budgets: [Int],
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> (rows: [Row], challenges: [Challenge], usage: TokenUsage) {
        var rows = budgets.flatMap { budget in
            thresholds.map {
                Row(
                    budget: budget, threshold: $0, problems: 0, covered: 0, majority: 0, selected: 0, gained: 0,
                    lost: 0, comparisons: 0)
            }
        }
        var challenges: [Challenge] = []
        var usage = TokenUsage.zero
        for (done, item) in items.enumerated() {
            let remembering = RememberingJudge(judge)
            for (budgetIndex, budget) in budgets.enumerated() where budget <= item.samples.count {
                let samples = Array(item.samples.prefix(budget))
                let outcome = try await ChampionChallenger().select(
                    problem: item.problem, solutions: samples.map { $0.steps.map { Step(text: $0, tokens: []) } },
                    answers: samples.map(\.answer), grader: grader, judge: remembering)
                func correct(_ group: Int?) -> Bool {
                    group.map { samples[outcome.votes.groups[$0].members[0]].correct } ?? false
                }
                let majority = correct(outcome.champion)
                for (thresholdIndex, threshold) in thresholds.enumerated() {
                    let selected = correct(outcome.selection(threshold: threshold))
                    let index = budgetIndex * thresholds.count + thresholdIndex
                    rows[index].problems += 1
                    rows[index].covered += samples.contains(where: \.correct) ? 1 : 0
                    rows[index].majority += majority ? 1 : 0
                    rows[index].selected += selected ? 1 : 0
                    rows[index].gained += selected && !majority ? 1 : 0
                    rows[index].lost += majority && !selected ? 1 : 0
                    rows[index].comparisons += 2 * outcome.challenges.count
                }
                if let champion = outcome.champion {
                    for challenge in outcome.challenges {
                        challenges.append(
                            Challenge(
                                problemID: item.problem.id, budget: budget,
                                champion: outcome.votes.groups[champion].answer, championCorrect: majority,
                                challenger: outcome.votes.groups[challenge.group].answer,
                                challengerCorrect: samples[challenge.candidate].correct,
                                asSecond: challenge.asSecond, asFirst: challenge.asFirst))
                    }
                }
            }
            usage += await remembering.usage
            progress?(done + 1)
        }
        return (rows, challenges, usage)
    }
}

/// A pairwise judge that remembers what it was asked: the same two solutions in the same order are judged once.
actor RememberingJudge: PairwiseJudge {
    private let judge: any PairwiseJudge
    private var remembered: [[[String]]: Double] = [:]
    /// What the comparisons actually made cost.
    private(set) var usage = TokenUsage.zero

    init(_ judge: any PairwiseJudge) {
        self.judge = judge
    }

    nonisolated var name: String { judge.name }
    nonisolated var descriptor: ModelDescriptor? { judge.descriptor }

    func compare(_ requests: [PairwiseComparisonRequest]) async throws -> [PairwiseComparison] {
        func key(_ request: PairwiseComparisonRequest) -> [[String]] {
            [request.first.map(\.text), request.second.map(\.text)]
        }
        var fresh: [PairwiseComparisonRequest] = []
        for request in requests where remembered[key(request)] == nil && !fresh.contains(request) {
            fresh.append(request)
        }
        if !fresh.isEmpty {
            let results = try await judge.compare(fresh)
            for (request, result) in zip(fresh, results) {
                remembered[key(request)] = result.probabilityFirst
                usage += result.usage
            }
        }
        return requests.map { PairwiseComparison(probabilityFirst: remembered[key($0)] ?? 0.5) }
    }
}
