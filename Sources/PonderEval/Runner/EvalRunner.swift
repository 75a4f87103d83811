import Foundation
public import Logging
public import PonderCore

/// Runs an ``EvalPlan`` on a dataset with one policy and one verifier, storing every finished problem run.
///
/// Problem runs already in the store are not run again (their missing selections or budget costs, if the
/// plan asks for new ones, are computed from the stored candidates). The rest run concurrently, at most
/// ``concurrency`` at a time, so a batching engine gets several problems' samples per decode step. Each
/// finished run is graded and stored in one transaction before the next starts in its place.
///
/// A problem run that throws is reported in ``EvalRunSummary/failures`` and not stored (a later evaluation
/// retries it); the others go on. A store failure ends the evaluation.
public struct EvalRunner: Sendable {
    /// Where results go.
    public var store: EvalStore
    /// The model that writes solutions.
    public var policy: any PolicyModel
    /// The verifier of Best-of-N, beam search and DVTS.
    public var verifier: any ProcessRewardModel
    /// Grades and votes.
    public var builder: RecordBuilder
    /// The most problem runs in flight at once.
    public var concurrency: Int
    /// Receives debug details of each run.
    public var logger: Logger

    /// Creates a runner.
    public init(
        store: EvalStore, policy: any PolicyModel, verifier: any ProcessRewardModel, builder: RecordBuilder,
        concurrency: Int = 4, logger: Logger = Logger(label: "ponder.eval")
    ) {
        self.store = store
        self.policy = policy
        self.verifier = verifier
        self.builder = builder
        self.concurrency = concurrency
        self.logger = logger
    }

    /// The verifier's name in result keys: its name, and its model's when it has one (`generative:qwen…gguf`).
    public var verifierName: String { verifier.keyName }

    /// The key of `configuration` on `problem`.
    public func key(_ configuration: RunConfiguration, problem: DatasetProblem, dataset: String) -> RunKey {
        RunKey(
            dataset: dataset, problemID: problem.id, policy: policy.descriptor.name,
            verifier: configuration.strategy.usesVerifier || configuration.planner != nil
                ? verifierName : RunKey.noVerifier,
            strategy: configuration.strategyName, budget: configuration.budget, seed: configuration.seed,
            parameters: configuration.parametersKey)
    }

    /// Runs `plan` on every problem of `dataset`.
    ///
    /// - Parameters:
    ///   - plan: the run matrix (validated and built here, before any work).
    ///   - dataset: the problems.
    ///   - progress: called at the start and after every problem run, from the calling task, and while runs
    ///     generate, from the policy's thread (so it must return quickly).
    /// - Returns: what was run, resumed, and what failed.
    /// - Throws: ``EvalError`` or ``PonderError`` for a bad plan (before any work); ``EvalError`` when the
    ///   store fails.
    /// - Important: Cancelling the task stops the runs in flight within one decode step; they are not
    ///   stored, and the summary says ``EvalRunSummary/cancelled``.
    public func run(
        _ plan: EvalPlan, on dataset: Dataset, progress: (@Sendable (EvalProgress) -> Void)? = nil
    ) async throws -> EvalRunSummary {
        try await run(try plan.validated().runs(), on: dataset, progress: progress)
    }

    /// Runs the configurations of a plan, each with the strategy built for it (``EvalPlan/runs()``), on every
    /// problem of `dataset`.
    ///
    /// - Throws: ``EvalError`` or ``PonderError`` for a strategy wider than the policy or an empty dataset
    ///   (before any work); ``EvalError`` when the store fails.
    public func run(
        _ runs: [PlannedRun], on dataset: Dataset, progress: (@Sendable (EvalProgress) -> Void)? = nil
    ) async throws -> EvalRunSummary {
        guard concurrency >= 1 else {
            throw EvalError.invalidParameter("concurrency", "\(concurrency)", expected: "at least 1")
        }
        guard !dataset.problems.isEmpty else { throw EvalError.emptyDataset(dataset.name) }
        let configurations = runs.map(\.configuration)
        let strategies = runs.map(\.strategy)
        for strategy in strategies where strategy.parallelWidth > policy.descriptor.maxParallelSequences {
            throw PonderError.budgetTooLarge(
                strategy.parallelWidth, maximum: policy.descriptor.maxParallelSequences, model: policy.descriptor.name)
        }

        let stored = try await store.finishedRuns(dataset: dataset.name, policy: policy.descriptor.name)
        var state = EvalProgress(total: configurations.count * dataset.problems.count)
        var pending: [WorkItem] = []
        var backfills: [(id: Int64, configuration: RunConfiguration)] = []
        var capsKnown = true
        for planned in runs {
            let configuration = planned.configuration
            for problem in dataset.problems {
                let key = key(configuration, problem: problem, dataset: dataset.name)
                guard let finished = stored[key] else {
                    pending.append(
                        WorkItem(
                            index: pending.count, configuration: configuration,
                            strategy: try planned.strategy(for: problem.id), problem: problem, key: key))
                    state.plannedSamples += configuration.budget
                    if let cap = Self.tokenCap(of: configuration),
                        let planned = capsKnown ? state.plannedTokenCap ?? 0 : nil
                    {
                        state.plannedTokenCap = planned + cap
                    } else {
                        capsKnown = false
                        state.plannedTokenCap = nil
                    }
                    continue
                }
                state.alreadyDone += 1
                let primary = finished.selections.first {
                    $0.budget == configuration.budget && $0.rule == configuration.primaryRule.name
                }
                if primary?.correct == true { state.alreadyCorrect += 1 }
                if Self.isMissingOutcomes(finished, configuration: configuration) {
                    backfills.append((finished.id, configuration))
                }
            }
        }
        for backfill in backfills { try await self.backfill(runID: backfill.id, configuration: backfill.configuration) }

        let shared = EvalProgressState(state)
        progress?(state)
        var failures: [EvalRunSummary.Failure] = []
        var cancelled = false
        // Runs that score stored samples go last, once the runs that may store those samples have finished.
        let phases = [
            pending.filter { !$0.configuration.reusesSamples }, pending.filter(\.configuration.reusesSamples),
        ]
        for phase in phases where !phase.isEmpty && !cancelled {
            try await withThrowingTaskGroup(of: ItemOutcome.self) { group in
                var queue = phase.makeIterator()
                for _ in 0..<concurrency {
                    guard let item = queue.next() else { break }
                    group.addTask { try await self.execute(item, progress: shared, report: progress) }
                }
                while let outcome = try await group.next() {
                    switch outcome {
                    case .stored(let item, let correct, let tokens):
                        state = shared.ended(item: item.index) { state in
                            state.finished += 1
                            if correct { state.correct += 1 }
                            state.generatedTokens += tokens
                            state.finishedSamples += item.configuration.budget
                            state.workedSamples += item.configuration.budget
                            state.workedTokenCap += Self.tokenCap(of: item.configuration) ?? 0
                            state.latest = item.label
                        }
                    case .alreadyStored(let item):
                        state = shared.ended(item: item.index) { state in
                            state.alreadyDone += 1
                            state.workedSamples += item.configuration.budget
                            state.workedTokenCap += Self.tokenCap(of: item.configuration) ?? 0
                            state.latest = item.label
                        }
                    case .failed(let item, let message):
                        state = shared.ended(item: item.index) { state in
                            state.failed += 1
                            state.workedSamples += item.configuration.budget
                            state.workedTokenCap += Self.tokenCap(of: item.configuration) ?? 0
                        }
                        failures.append(EvalRunSummary.Failure(key: item.key, message: message))
                        logger.warning("Problem run failed", metadata: ["run": "\(item.key)", "error": "\(message)"])
                    case .cancelled(let item):
                        state = shared.ended(item: item.index) { _ in }
                        cancelled = true
                    }
                    progress?(state)
                    if cancelled || Task.isCancelled {
                        cancelled = true
                        group.cancelAll()
                        continue
                    }
                    if let item = queue.next() {
                        group.addTask { try await self.execute(item, progress: shared, report: progress) }
                    }
                }
            }
        }
        return EvalRunSummary(
            planned: state.total, resumed: state.alreadyDone, finished: state.finished, failures: failures,
            backfilled: backfills.count, cancelled: cancelled, progress: state)
    }

    // MARK: - One problem run

    /// The most policy tokens one problem run may generate: samples × tokens per solution for the sampling
    /// strategies (none for Best-of-N on stored samples); `nil` for tree search, whose pruned candidates also
    /// cost tokens.
    private static func tokenCap(of configuration: RunConfiguration) -> Int? {
        if configuration.planner != nil { return configuration.budget * configuration.sampling.maxTokens }
        // Scoring stored samples generates nothing.
        if configuration.reusesSamples { return 0 }
        return switch configuration.strategy {
        case .cot: configuration.sampling.maxTokens
        case .majority, .bestOfN: configuration.budget * configuration.sampling.maxTokens
        case .beam, .dvts, .particleFilter: nil
        }
    }

    private struct WorkItem: Sendable {
        /// The item's place among the evaluation's pending runs.
        var index: Int
        var configuration: RunConfiguration
        var strategy: any SearchStrategy
        var problem: DatasetProblem
        var key: RunKey

        var label: String {
            "\(configuration.strategyName) N=\(configuration.budget) seed=\(configuration.seed) \(problem.id)"
        }
    }

    private enum ItemOutcome: Sendable {
        case stored(WorkItem, correct: Bool, generatedTokens: Int)
        case alreadyStored(WorkItem)
        case failed(WorkItem, message: String)
        case cancelled(WorkItem)
    }

    private func execute(
        _ item: WorkItem, progress shared: EvalProgressState, report: (@Sendable (EvalProgress) -> Void)?
    ) async throws -> ItemOutcome {
        guard !Task.isCancelled else { return .cancelled(item) }
        var live: SearchProgressHandler?
        if let report {
            let index = item.index
            let samples = item.configuration.budget
            live = { search in report(shared.live(item: index, samples: samples, tokens: search.generatedTokens)) }
        }
        let context = SearchContext(
            policy: policy, verifier: verifier, grader: builder.voting, promptStyle: item.configuration.promptStyle,
            progress: live)
        let record: ProblemRunRecord
        do {
            if item.configuration.reusesSamples {
                record = try await scoringStoredSamples(item)
            } else {
                let result = try await item.strategy.search(item.problem.problem, in: context)
                guard !Task.isCancelled else { return .cancelled(item) }
                // A rule that settled, a deadline or a FLOPs budget ends a run as the configuration asked; only
                // a cancelled search is unfinished.
                guard result.stopReason != .cancelled else {
                    return .failed(
                        item, message: "The search stopped before its end (stop reason '\(result.stopReason.rawValue)')"
                    )
                }
                record = builder.record(
                    result, key: item.key, configuration: item.configuration, problem: item.problem, finishedAt: Date())
            }
        } catch is CancellationError {
            return .cancelled(item)
        } catch {
            return .failed(item, message: "\(error)")
        }
        guard try await store.record(record) else { return .alreadyStored(item) }
        logger.debug("Stored problem run", metadata: ["run": "\(item.key)"])
        let primary = record.selections.first {
            $0.budget == item.configuration.budget && $0.rule == item.configuration.primaryRule.name
        }
        // Scoring stored samples generated nothing now.
        let generated = item.configuration.reusesSamples ? 0 : record.accounting.policy.usage.generatedTokens
        return .stored(item, correct: primary?.correct ?? false, generatedTokens: generated)
    }

    /// The record of a Best-of-N run that scores the stored majority samples of its problem (``SampleReuse``).
    private func scoringStoredSamples(_ item: WorkItem) async throws -> ProblemRunRecord {
        let source = item.configuration.sampleSource
        let sourceKey = key(source, problem: item.problem, dataset: item.key.dataset)
        guard let id = try await store.runID(covering: sourceKey), let stored = try await store.loadRecord(id: id)
        else { throw EvalError.missingSamples(sourceKey, source: source.strategyName) }
        return try await SampleReuse.record(
            from: stored, key: item.key, configuration: item.configuration, problem: item.problem, verifier: verifier,
            builder: builder, finishedAt: Date())
    }

    // MARK: - Resuming

    private static func isMissingOutcomes(_ run: EvalStore.FinishedRun, configuration: RunConfiguration) -> Bool {
        // An auto run's outcome is its plan's answer, stored with it; nothing can be recomputed from candidates.
        guard configuration.planner == nil else { return false }
        let present = Set(run.selections.map { "\($0.budget) \($0.rule)" })
        for budget in configuration.reportedBudgets {
            if !run.costBudgets.contains(budget) { return true }
            for rule in configuration.rules where !present.contains("\(budget) \(rule.name)") { return true }
        }
        return false
    }

    /// Computes a stored run's missing selections and costs from its stored candidates.
    private func backfill(runID: Int64, configuration: RunConfiguration) async throws {
        guard let record = try await store.loadRecord(id: runID) else { return }
        let calculator = OutcomeCalculator(voting: builder.voting)
        let selections = calculator.selections(
            candidates: record.candidates, strategy: configuration.strategy, runBudget: configuration.budget,
            beamWidth: record.beamWidth, budgets: configuration.reportedBudgets, rules: configuration.rules,
            mode: configuration.verifierMode)
        let costs = calculator.costs(
            candidates: record.candidates, strategy: configuration.strategy, runBudget: configuration.budget,
            beamWidth: record.beamWidth, budgets: configuration.reportedBudgets, accounting: record.accounting)
        try await store.addOutcomes(runID: runID, selections: selections, costs: costs)
    }
}

/// What an evaluation did.
public struct EvalRunSummary: Sendable, Hashable {
    /// A problem run that threw.
    public struct Failure: Sendable, Hashable {
        /// The run.
        public var key: RunKey
        /// The error's message.
        public var message: String
    }

    /// Problem runs in the plan.
    public var planned: Int
    /// Runs found already stored (no work).
    public var resumed: Int
    /// Runs finished and stored now.
    public var finished: Int
    /// Runs that failed; not stored.
    public var failures: [Failure]
    /// Stored runs whose missing selections or costs were computed from their candidates.
    public var backfilled: Int
    /// Whether the evaluation was cancelled before the end.
    public var cancelled: Bool
    /// The last progress snapshot.
    public var progress: EvalProgress

    /// Whether every planned run is stored.
    public var isComplete: Bool { !cancelled && failures.isEmpty && resumed + finished == planned }
}
