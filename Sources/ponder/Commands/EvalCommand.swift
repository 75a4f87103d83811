import ArgumentParser
import Foundation
import Logging
import PonderCore
import PonderEval
import PonderLlama
import PonderMath
import PonderRemote

/// `ponder eval`: a run matrix over a dataset, stored in SQLite, resumable.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate strategies × budgets × seeds on a dataset; results go to a SQLite database.",
        discussion: """
            Majority vote, best-of-n and dvts run once at the largest budget; smaller budgets are computed from \
            the first samples (dvts: the first N/M subtrees). Beam search runs once per budget; cot once, greedy. \
            Every selection rule in --rules is applied to the stored candidates afterwards.

            Each finished problem run is stored in one transaction, keyed by dataset, problem, policy, verifier, \
            strategy, N, seed and the other knobs. Stop the evaluation at any time (Ctrl-C, kill): run the same \
            command again and it does only what is missing. `ponder report --db FILE --out DIR` reads the database, \
            also while an evaluation writes to it.

            --seed is the seed of --sample and the sampling seed when --seeds is not given.

            With --policy-url (and --verifier-url) the policy (and the verifier) run on servers instead of \
            embedded models, as in `ponder solve`; raise --concurrency to keep several replicas busy.
            """
    )

    @OptionGroup(title: "Problems")
    var datasetOptions: DatasetOptions

    @Option(help: "Strategies, comma-separated: \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var strategies: String

    @Option(help: "Budgets N, comma-separated (e.g. 1,4,16).")
    var budgets: String = "4"

    @Option(help: "Sampling seeds, comma-separated; each repeats the matrix (cot runs once).")
    var seeds: String?

    @Option(help: "Selection rules scored for best-of-n, beam and dvts, comma-separated, or 'all'.")
    var rules: String = "all"

    @Option(name: .long, help: "The rule the progress shows for best-of-n, beam and dvts.")
    var select: String = SelectionRule.lastVote.name

    @Option(help: ArgumentHelp("The results database (SQLite), created if missing.", valueName: "file"))
    var db: String

    @Option(help: "Problem runs in flight at once (keeps the engine's batch full).")
    var concurrency: Int = 4

    @Option(name: .long, help: "The system prompt (empty for none).")
    var system: String = PromptStyle.qwenSystemPrompt

    @Flag(name: .long, help: "Log debugging details to standard error.")
    var verbose = false

    @OptionGroup(title: "Model")
    var engine: EngineOptions

    @OptionGroup(title: "Sampling")
    var sampling: SamplingOptions

    @OptionGroup(title: "Tree search")
    var search: SearchOptions

    @OptionGroup(title: "Verifier")
    var verifierOptions: VerifierOptions

    @OptionGroup(title: "Remote servers")
    var remote: RemoteOptions

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        // Everything the user typed is checked before any model loads.
        let plan = try makePlan().validated()
        guard concurrency >= 1 else {
            throw EvalError.invalidParameter("concurrency", "\(concurrency)", expected: "at least 1")
        }
        let dataset = try datasetOptions.load(seed: UInt64(sampling.seed ?? 0))
        for issue in dataset.skipped { StandardError.write("Skipped \(datasetOptions.path()) \(issue)\n") }
        let models = ModelStore.standard()
        let usesVerifier = plan.strategies.contains(where: \.usesVerifier)
        let remotePolicy = try remote.policyConfiguration(), remoteVerifier = try remote.verifierConfiguration()
        let remoteKind = usesVerifier && remoteVerifier != nil ? try remote.verifierKind(verifierOptions) : nil
        let configuration = remotePolicy == nil ? try engine.configuration(store: models) : nil
        let widest = plan.strategies.contains(where: { $0 != .cot }) ? plan.budgets.last ?? 1 : 1
        if let configuration {
            guard widest <= configuration.maxSequences else {
                throw PonderError.budgetTooLarge(widest, maximum: configuration.maxSequences, model: engine.model)
            }
            // Problems in flight share the engine's KV cells; when they run out the longest sample is cut ('length').
            let cells = concurrency * widest * (plan.sampling.maxTokens + 256)
            if cells > configuration.contextLength {
                StandardError.write(
                    "Note: \(concurrency) problems × \(widest) samples × (\(plan.sampling.maxTokens) tokens + prompt) "
                        + "may need about \(cells) KV cells but --context is \(configuration.contextLength); samples "
                        + "are cut short when the cache fills (raise --context or lower --concurrency)\n")
            }
        }
        let verifierChoice =
            usesVerifier && remoteKind == nil
            ? try verifierOptions.choice(store: models, threads: engine.threads) : .selfCertainty
        let store = try EvalStore(path: db)

        let transport = remote.transport()
        let policy = try await remote.policy(remotePolicy, orLocal: configuration, transport: transport)
        let verifier = try await remote.verifier(
            remoteKind, remoteVerifier, orLocal: verifierChoice, transport: transport)
        let runner = EvalRunner(
            store: store, policy: policy, verifier: verifier,
            builder: RecordBuilder(
                grading: MathGrader(configuration: .grading), voting: MathGrader(configuration: .voting)),
            concurrency: concurrency, logger: Logger(label: "ponder.eval"))
        StandardError.write(
            "Evaluating \(dataset.problems.count) problems of '\(dataset.name)' × \(plan.configurations.count) configurations "
                + "on \(policy.descriptor.name) into \(db)\n")
        let view = EvalProgressView()
        let summary = try await Self.run(runner, plan: plan, dataset: dataset, view: view)
        view.finish()

        print(
            "Stored \(summary.finished) new problem runs in \(db); \(summary.resumed) were already there"
                + (summary.backfilled > 0
                    ? ", \(summary.backfilled) got new budgets or rules from their candidates" : "") + ".")
        print("Report: ponder report --db \(db) --out <folder>")
        if summary.cancelled { throw ExitCode(130) }
        if !summary.failures.isEmpty {
            for failure in summary.failures.prefix(10) {
                StandardError.write("Failed: \(failure.key): \(failure.message)\n")
            }
            if summary.failures.count > 10 { StandardError.write("… and \(summary.failures.count - 10) more\n") }
            throw ValidationError(
                "\(summary.failures.count) problem runs failed and were not stored; run the same command to retry them")
        }
    }

    /// Runs the evaluation beside a ticker that keeps the live bar's clock moving.
    private static func run(
        _ runner: EvalRunner, plan: EvalPlan, dataset: Dataset, view: EvalProgressView
    ) async throws -> EvalRunSummary {
        try await withThrowingTaskGroup(of: EvalRunSummary?.self) { group in
            group.addTask { try await runner.run(plan, on: dataset) { view.update($0) } }
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
        let kinds = try Self.list(strategies).map(StrategyKind.init(parsing:))
        let budgetValues = try Self.list(budgets).map { text in
            guard let value = Int(text) else {
                throw EvalError.invalidParameter("budget", text, expected: "a whole number, at least 1")
            }
            return value
        }
        let seedValues: [UInt32] =
            try seeds.map { list in
                try Self.list(list).map { text in
                    guard let value = UInt32(text) else {
                        throw EvalError.invalidParameter(
                            "seed", text, expected: "a whole number from 0 to \(UInt32.max)")
                    }
                    return value
                }
            } ?? [sampling.seed ?? 0]
        let ruleList = rules == "all" ? SelectionRule.all : try Self.list(rules).map(SelectionRule.init(parsing:))
        return EvalPlan(
            strategies: kinds, budgets: budgetValues, seeds: seedValues, rules: ruleList,
            primaryRule: try SelectionRule(parsing: select), sampling: try sampling.parameters(),
            tree: search.tree(n: budgetValues.max() ?? 1), promptStyle: PromptStyle(systemPrompt: system))
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
