import ArgumentParser
import Foundation
import Logging
import PonderBackends
import PonderCore
import PonderEval
import PonderMath

/// `ponder eval`: a run matrix over a dataset, stored in SQLite, resumable.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate strategies × budgets × seeds on a dataset; results go to a SQLite database.",
        discussion: """
            Majority vote, best-of-n and dvts run once at the largest budget; smaller budgets are computed from \
            the first samples (dvts: the first N/M subtrees). Beam search and particle-filter run once per \
            budget; cot once, greedy. Every selection rule in --rules is applied to the stored candidates afterwards.

            Each finished problem run is stored in one transaction, keyed by dataset, problem, policy, verifier, \
            strategy, N, seed and the other knobs. Stop the evaluation at any time (Ctrl-C, kill): run the same \
            command again and it does only what is missing. `ponder report --db FILE --out DIR` reads the database, \
            also while an evaluation writes to it.

            --seed is the seed of --sample and the sampling seed when --seeds is not given.

            With --policy-url (and --verifier-url) the policy (and the verifier) run on servers instead of \
            embedded models, as in `ponder solve`; raise --concurrency to keep several replicas busy. Problems in \
            flight share the engine's KV cells: when they run out, cached prefixes are evicted, then the longest \
            sample is cut ('length').
            """
    )

    @OptionGroup(title: "Problems")
    var datasetOptions: DatasetOptions

    @Option(
        help:
            "Strategies, comma-separated: \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", ")), auto (the planner)."
    )
    var strategies: String

    @Option(help: "Budgets N, comma-separated (e.g. 1,4,16).")
    var budgets: String = "4"

    @Option(help: "Sampling seeds, comma-separated; each repeats the matrix (cot runs once).")
    var seeds: String?

    @Option(help: "Selection rules scored for best-of-n, beam, dvts and particle-filter, comma-separated, or 'all'.")
    var rules: String = "all"

    @Option(name: .long, help: "The rule the progress shows for best-of-n, beam, dvts and particle-filter.")
    var select: String = SelectionRule.lastVote.name

    @Option(help: ArgumentHelp("The results database (SQLite), created if missing.", valueName: "file"))
    var db: String

    @Option(help: "Problem runs in flight at once (keeps the engine's batch full).")
    var concurrency: Int = 4

    @Option(name: .long, help: "The system prompt (empty for none).")
    var system: String = PromptStyle.qwenSystemPrompt

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "best-of-n scores the samples of the stored majority runs instead of drawing new ones.",
            discussion: """
                Each problem's best-of-n run at N scores the first N samples of the stored majority run with the same \
                sampling and seed (at N or more; run majority first, in this evaluation or an earlier one), so the \
                verifier is compared with majority vote on the same samples and the policy's work is not repeated. \
                The run's policy compute is what those samples cost when drawn; it is stored under its own key \
                (samples=majority). Needs fixed budgets (no --stop, --deadline, --budget-flops) and a verifier that \
                reads text (generative, token-label, pooling), or self-certainty on samples stored with their \
                tokens' log-probabilities (schema version 6 and later).
                """))
    var reuseSamples = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How each problem's samples are seeded: per-problem or shared.",
            discussion: """
                per-problem (the default) mixes each seed with a hash of the problem's id, so the problems' samples \
                are independent draws; shared gives every problem the seed itself, so sample i draws the same random \
                stream on every problem (evaluations before per-problem seeds; their stored runs keep their keys).
                """))
    var seedScheme: String = SeedScheme.perProblem.rawValue

    @Flag(name: .long, help: "Log debugging details to standard error.")
    var verbose = false

    @OptionGroup(title: "Sampling")
    var sampling: SamplingOptions

    @OptionGroup(title: "Tree search")
    var search: SearchOptions

    @OptionGroup(title: "Stopping early")
    var stopping: StoppingOptions

    @OptionGroup(title: "Stopping rules replayed on the stored samples, after the runs")
    var replay: ReplayOptions

    @OptionGroup(title: "Planner (--strategies auto)")
    var planner: PlannerOptions

    @OptionGroup
    var backendOptions: BackendOptions

    /// What the flags ask for, checked before any model loads or any file is created.
    struct Request {
        var plan: EvalPlan
        var runs: [PlannedRun]
        var dataset: Dataset
        var backends: BackendConfiguration
        /// Stopping rules to replay on the stored samples after the runs (`--replay-stop`), and at what budgets.
        var replayRules: [StoppingRule]
        var replayBudgets: [Int]
    }

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        try await backendOptions.fetchHubModels()
        let request = try makeRequest()
        let backends = try await request.backends.make(logger: Logger(label: "ponder.backends"))
        let store = try EvalStore(path: db)
        StandardError.write(
            "Evaluating \(request.dataset.problems.count) problems of '\(request.dataset.name)' × "
                + "\(request.runs.count) configurations on \(backends.policy.descriptor.name) into \(db)\n"
        )
        let view = EvalProgressView()
        let runner = Self.runner(on: backends, store: store, concurrency: concurrency)
        let summary = try await Self.run(runner, runs: request.runs, dataset: request.dataset, view: view)
        try await backends.shutdown()
        view.finish()

        print(
            "Stored \(summary.finished) new problem runs in \(db); \(summary.resumed) were already there"
                + (summary.backfilled > 0
                    ? ", \(summary.backfilled) got new budgets or rules from their candidates" : "") + ".")
        print("Report: ponder report --db \(db) --out <folder>")
        if summary.cancelled { throw ExitCode(130) }
        if !request.replayRules.isEmpty {
            let rows = StoppingReplay.rows(
                snapshot: try await store.snapshot(dataset: request.dataset.name), dataset: request.dataset.name,
                rules: request.replayRules, budgets: request.replayBudgets, primaryRule: request.plan.primaryRule,
                grader: MathGrader(configuration: .voting))
            print("\n" + StoppingReplay.markdown(rows), terminator: "")
        }
        if !summary.failures.isEmpty {
            for failure in summary.failures.prefix(10) {
                StandardError.write("Failed: \(failure.key): \(failure.message)\n")
            }
            if summary.failures.count > 10 { StandardError.write("… and \(summary.failures.count - 10) more\n") }
            throw CommandFailure(
                "\(summary.failures.count) problem runs failed and were not stored; run the same command to retry them")
        }
    }

    /// Parses and checks everything the user typed, and reads the dataset; nothing loads.
    func makeRequest() throws -> Request {
        let plan = try makePlan().validated()
        guard concurrency >= 1 else {
            throw EvalError.invalidParameter("concurrency", "\(concurrency)", expected: "at least 1")
        }
        let runs = try plan.runs()
        let replayRules = try replay.rules(default: [])
        let replayBudgets = try replay.budgets()
        let dataset = try datasetOptions.load(seed: UInt64(sampling.seed ?? 0))
        for issue in dataset.skipped { StandardError.write("Skipped \(datasetOptions.path()) \(issue)\n") }
        let backends = try backendOptions.configuration().validated(
            for: Workload(strategies: runs.map(\.strategy), sampling: plan.sampling, verifierMode: plan.verifierMode))
        return Request(
            plan: plan, runs: runs, dataset: dataset, backends: backends, replayRules: replayRules,
            replayBudgets: replayBudgets)
    }

    /// The runner of the evaluation on `backends` and `store`: the whole of `eval` past parsing is its `run`.
    static func runner(on backends: Backends, store: EvalStore, concurrency: Int) -> EvalRunner {
        EvalRunner(
            store: store, policy: backends.policy, verifier: backends.verifier,
            builder: RecordBuilder(
                grading: MathGrader(configuration: .grading), voting: MathGrader(configuration: .voting)),
            concurrency: concurrency, logger: Logger(label: "ponder.eval"))
    }

    /// Runs the evaluation beside a ticker that keeps the live bar's clock moving.
    private static func run(
        _ runner: EvalRunner, runs: [PlannedRun], dataset: Dataset, view: EvalProgressView
    ) async throws -> EvalRunSummary {
        try await withThrowingTaskGroup(of: EvalRunSummary?.self) { group in
            group.addTask { try await runner.run(runs, on: dataset) { view.update($0) } }
            if view.isTerminal {
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: .seconds(1)) } catch { return nil }
                        view.tick()
                    }
                    return nil
                }
            }
            var summary: EvalRunSummary?
            for try await value in group where value != nil {
                summary = value
                group.cancelAll()
            }
            guard let summary else { throw CancellationError() }
            return summary
        }
    }

    private func makePlan() throws -> EvalPlan {
        let names = try Self.list(strategies, name: "strategies")
        let auto = names.contains { $0.lowercased() == AutoStrategy.name }
        let kinds = try names.filter { $0.lowercased() != AutoStrategy.name }.map {
            try StrategyKind(parsing: $0, alsoKnown: [AutoStrategy.name])
        }
        let budgetValues = try Self.budgets(budgets)
        let seedValues: [UInt32] =
            try seeds.map { list in
                try Self.list(list, name: "seeds").map { text in
                    guard let value = UInt32(text) else {
                        throw EvalError.invalidParameter(
                            "seed", text, expected: "a whole number from 0 to \(UInt32.max)")
                    }
                    return value
                }
            } ?? [sampling.seed ?? 0]
        let ruleList =
            rules == "all" ? SelectionRule.all : try Self.list(rules, name: "rules").map(SelectionRule.init(parsing:))
        var plan = EvalPlan(
            strategies: kinds, budgets: budgetValues, seeds: seedValues, rules: ruleList,
            primaryRule: try SelectionRule(parsing: select), sampling: try sampling.parameters(),
            tree: search.tree(n: budgetValues.max() ?? 1), particles: try search.particles(),
            promptStyle: PromptStyle(systemPrompt: system),
            verifierMode: try backendOptions.verifier.mode(), stopping: try stopping.rule(),
            limits: try stopping.limits())
        if auto { plan.planner = try planner.settings() }
        plan.reuseSamples = reuseSamples
        plan.seedScheme = try SeedScheme(parsing: seedScheme)
        return plan
    }

    /// The budgets of `list` as whole numbers, in the order given; the plan checks their range.
    static func budgets(_ list: String) throws -> [Int] {
        try Self.list(list, name: "budgets").map { text in
            guard let value = Int(text) else {
                throw EvalError.invalidParameter("budget", text, expected: Self.budgetRange)
            }
            return value
        }
    }

    /// What a budget must be, in every error about one.
    static let budgetRange = "a whole number, at least 1"

    /// The items of a comma-separated list; an empty item (`4,,16`, a trailing comma) is an error.
    static func list(_ text: String, name: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !items.contains(where: \.isEmpty) else {
            throw EvalError.invalidParameter(name, text, expected: "a comma-separated list without empty items")
        }
        return items
    }
}
