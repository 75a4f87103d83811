import Foundation
public import PonderCore

/// How well a verifier tells right from wrong stored candidates: it scores graded candidates of an evaluation
/// database again (each whole solution once, or its last step) and the scores are compared with correctness by
/// AUROC, pooled over all candidates and within each problem. This is how judge prompts and judge models are
/// chosen by data (`ponder judge`).
///
/// The verifier sees each candidate's problem and steps as the policy wrote them; nothing is generated.
public struct JudgeEvaluation: Sendable {
    /// One graded candidate to score.
    public struct Item: Sendable, Hashable {
        /// The problem, with its statement from the dataset.
        public var problem: Problem
        /// The candidate's steps, as stored.
        public var steps: [String]
        /// Whether its answer was graded correct.
        public var correct: Bool
        /// Its extracted final answer, when it has one.
        public var answer: String?
        /// The signals that need no model (``CandidateScore/isVerifierScore`` false), as measured in the run the
        /// candidate came from: answer agreement among the run's candidates, self-certainty, brevity, finished.
        /// A signal is missing when the run could not give it (one candidate, no stored log-probabilities).
        public var signals: [CandidateScore: Double]

        /// Creates an item.
        public init(
            problem: Problem, steps: [String], correct: Bool, answer: String? = nil,
            signals: [CandidateScore: Double] = [:]
        ) {
            self.problem = problem
            self.steps = steps
            self.correct = correct
            self.answer = answer
            self.signals = signals
        }
    }

    /// What one verifier measured on the items.
    public struct Measurement: Sendable, Hashable {
        /// Candidates scored.
        public var candidates: Int
        /// How many of them are correct.
        public var correct: Int
        /// Problems among them.
        public var problems: Int
        /// AUROC over all candidates, or `nil` without both right and wrong ones.
        public var pooledAUROC: Double?
        /// Mean AUROC within problems that have both right and wrong candidates.
        public var withinAUROC: Double?
        /// How many problems the within-problem mean covers.
        public var withinProblems: Int
        /// Mean score of the right candidates.
        public var meanRight: Double?
        /// Mean score of the wrong candidates.
        public var meanWrong: Double?
        /// Prompt tokens the verifier evaluated.
        public var promptTokensEvaluated: Int
        /// Seconds spent scoring.
        public var seconds: Double
        /// Each measured item's score, in the items' order (for a signal: the items that carry it).
        public var scores: [Double]
    }

    /// The items to score.
    public var items: [Item]

    /// Creates an evaluation of `items`.
    public init(items: [Item]) {
        self.items = items
    }

    /// The signals an item carries: every ``CandidateScore`` a verifier does not produce.
    public static let signals = CandidateScore.allCases.filter { !$0.isVerifierScore }

    /// The graded candidates of every run in `store` whose problem `dataset` holds, each distinct solution of a
    /// problem once (runs with one seed share samples), in the store's order, with their ``Item/signals``
    /// measured among the candidates of their run that are taken (all of them, or the first `samples`), copies
    /// included: a sample written twice counts twice in the agreement of its answer, as in majority's vote.
    ///
    /// - Parameters:
    ///   - strategy: only the runs of this strategy (`majority`, `best-of-n`, …); all when `nil`.
    ///   - samples: only each run's first this many candidates (a sampling run's first N samples); all when `nil`.
    ///   - voting: groups answers for the answer-agreement signal; without it that signal is left out.
    /// - Throws: ``EvalError`` when the store cannot be read.
    public static func items(
        from store: EvalStore, dataset: Dataset, strategy: String? = nil, samples: Int? = nil,
        voting: (any AnswerGrader)? = nil
    ) async throws -> [Item] {
        let problems = Dictionary(dataset.problems.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<[String]>()
        var items: [Item] = []
        for run in try await store.snapshot().runs where strategy == nil || run.key.strategy == strategy {
            guard let problem = problems[run.key.problemID],
                let record = try await store.loadRecord(id: run.id)
            else { continue }
            let candidates = Array(record.candidates.prefix(samples ?? .max))
            let summaries = candidates.map(StoredCandidate.init)
            let values = signals.map { ($0, $0.values(of: summaries, voting: voting)) }
            for (index, candidate) in candidates.enumerated() where seen.insert([problem.id, candidate.text]).inserted {
                var measured: [CandidateScore: Double] = [:]
                for (signal, scores) in values { measured[signal] = scores[index] }
                items.append(
                    Item(
                        problem: problem.problem, steps: candidate.steps, correct: candidate.correct,
                        answer: candidate.answer, signals: measured))
            }
        }
        return items
    }

    /// The items of the problems that have both right and wrong candidates among `items`, in their order: the only
    /// problems where a judge's ranking, and so a selection by it, can be right or wrong.
    public static func mixedProblems(_ items: [Item]) -> [Item] {
        let verdicts = Dictionary(grouping: items, by: \.problem.id).mapValues { Set($0.map(\.correct)) }
        return items.filter { verdicts[$0.problem.id]?.count == 2 }
    }

    /// Scores every item with `verifier`, one call per problem (so a backend batches a problem's candidates),
    /// and measures the scores.
    ///
    /// - Parameters:
    ///   - verifier: the verifier.
    ///   - mode: ``VerifierMode/outcome`` scores each whole solution once; ``VerifierMode/step`` scores its
    ///     last step (the step judge's view of a finished path).
    ///   - progress: called after each problem with the number of items scored so far.
    /// - Throws: what the verifier throws.
    public func measure(
        _ verifier: any ProcessRewardModel, mode: VerifierMode, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Measurement {
        let started = ContinuousClock.now
        var order: [String] = []
        var byProblem: [String: [Int]] = [:]
        for (index, item) in items.enumerated() {
            if byProblem[item.problem.id] == nil { order.append(item.problem.id) }
            byProblem[item.problem.id, default: []].append(index)
        }
        var scores = [Double](repeating: 0, count: items.count)
        var evaluated = 0
        var done = 0
        for id in order {
            let indexes = byProblem[id] ?? []
            let requests = indexes.map {
                OutcomeScoringRequest(
                    problem: items[$0].problem, steps: items[$0].steps.map { Step(text: $0, tokens: []) })
            }
            let results =
                mode == .outcome
                ? try await verifier.scoreOutcomes(requests) : try await verifier.scoreOutcomesByLastStep(requests)
            for (index, result) in zip(indexes, results) {
                scores[index] = result.score
                evaluated += result.usage.promptTokensEvaluated
            }
            done += indexes.count
            progress?(done)
        }
        var measurement = Self.measurement(scores: scores, items: items)
        measurement.promptTokensEvaluated = evaluated
        measurement.seconds = (ContinuousClock.now - started).seconds
        return measurement
    }

    /// What `signal` measures on the items that carry it (no model, no tokens, no time); `nil` when none does.
    public func measure(signal: CandidateScore) -> Measurement? {
        let scored = items.compactMap { item in item.signals[signal].map { (item, $0) } }
        guard !scored.isEmpty else { return nil }
        return Self.measurement(scores: scored.map(\.1), items: scored.map(\.0))
    }

    /// The AUROCs and means of `scores` against the items' correctness (no tokens or time).
    static func measurement(scores: [Double], items: [Item]) -> Measurement {
        let correct = items.map(\.correct)
        var byProblem: [String: [(score: Double, correct: Bool)]] = [:]
        var order: [String] = []
        for (score, item) in zip(scores, items) {
            if byProblem[item.problem.id] == nil { order.append(item.problem.id) }
            byProblem[item.problem.id, default: []].append((score, item.correct))
        }
        let within = AUROC.withinProblems(order.map { byProblem[$0] ?? [] })
        let right = zip(scores, correct).filter(\.1).map(\.0)
        let wrong = zip(scores, correct).filter { !$0.1 }.map(\.0)
        return Measurement(
            candidates: items.count, correct: right.count, problems: order.count,
            pooledAUROC: AUROC.value(scores: scores, correct: correct), withinAUROC: within?.mean,
            withinProblems: within?.problems ?? 0,
            meanRight: right.isEmpty ? nil : right.reduce(0, +) / Double(right.count),
            meanWrong: wrong.isEmpty ? nil : wrong.reduce(0, +) / Double(wrong.count), promptTokensEvaluated: 0,
            seconds: 0, scores: scores)
    }

    /// Every item as a CSV row, so that scores can be studied and combined outside Ponder: its problem, its place
    /// among the problem's items (0-based), correctness, answer and number of steps, each signal
    /// (``JudgeEvaluation/signals``, by raw name), then each judge's score in `judged` (the name, and one score per
    /// item in the items' order). A missing value is an empty cell.
    ///
    /// - Precondition: every `judged` entry has one score per item.
    package func details(judged: [(name: String, scores: [Double])]) -> CSVTable {
        precondition(judged.allSatisfy { $0.scores.count == items.count }, "one score per item")
        var places: [String: Int] = [:]
        let rows = items.enumerated().map { index, item in
            let place = places[item.problem.id, default: 0]
            places[item.problem.id] = place + 1
            return [item.problem.id, "\(place)", "\(item.correct)", item.answer ?? "", "\(item.steps.count)"]
                + Self.signals.map { signal in item.signals[signal].map { "\($0)" } ?? "" }
                + judged.map { "\($0.scores[index])" }
        }
        return CSVTable(
            header: ["problem_id", "candidate", "correct", "answer", "steps"] + Self.signals.map(\.rawValue)
                + judged.map(\.name),
            rows: rows)
    }
}
