import ArgumentParser
import Foundation
import Logging
import PonderCore
import PonderEval
import PonderLlama
import PonderMath
import PonderModels

/// `ponder judge`: how well a judge tells right from wrong stored candidates (AUROC), per prompt variant.
struct JudgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge",
        abstract: "Score stored, graded candidates with a judge and print how well it separates right from wrong.",
        discussion: """
            Reads every candidate of the evaluation databases (each distinct solution of a problem once), takes \
            the problem statements from --dataset, and scores each candidate with the local generative judge: \
            with each outcome prompt of --judge-prompts (the whole solution once), and with 'last-step' (the step \
            judge on the last step of the finished path). Prints, per variant, the AUROC of the scores against \
            correctness over all candidates and within problems, and what the scoring cost, after the same for the \
            signals that need no model (answer agreement, self-certainty, brevity, finished, each measured among \
            its run's candidates), so that a judge is seen against what costs nothing; with --judge-prompts none \
            only those, and no model loads. --details writes every candidate's signals and scores as CSV (rewritten \
            after each variant), to study or combine them elsewhere; nothing else is written.

            With --pairwise it measures selection instead: in each stored majority run, at each of --budgets, \
            majority's answer is the champion and every other answer challenges it once (its first sample against \
            the champion's first, judged side by side in both orders, P(A) against P(B)); a challenger whose mean \
            win probability is above a threshold takes over. Prints, per budget and each of --thresholds (one set \
            of comparisons serves them all), pass@N, majority's and the selection's right answers, and what the \
            comparisons cost; --details writes every challenge's answers and two probabilities as CSV.
            """
    )

    @Option(help: ArgumentHelp("An evaluation database with graded candidates (repeat for more).", valueName: "file"))
    var db: [String]

    @Option(help: ArgumentHelp("The dataset the databases' problems come from (JSON Lines).", valueName: "file"))
    var dataset: String

    @Option(help: "The judge's model: a catalog name or a GGUF path.")
    var verifierModel: String = "qwen2.5-coder-1.5b"

    @Option(name: .long, help: "KV cells of the judge's engine.")
    var verifierContext: Int = 16384

    @Option(
        help: """
            Variants to measure, comma-separated: \(OutcomeJudgePrompt.builtIn.map(\.name).joined(separator: ", ")), \
            last-step, 'all', or 'none' (only the signals that need no model).
            """)
    var judgePrompts: String = "all"

    @Option(help: "Score at most the first K candidates (with --pairwise: the first K majority runs).")
    var limit: Int?

    @Option(help: "Score only the candidates of this strategy's runs (majority, best-of-n, beam, …).")
    var strategy: String?

    @Option(help: "Score only each run's first K candidates (a sampling run's first K samples).")
    var samples: Int?

    @Flag(
        help: """
            Score only the problems whose candidates hold both right and wrong answers: the only ones where a \
            judge's ranking can be right or wrong (the others cost judge time and move only the pooled AUROC).
            """)
    var mixedOnly = false

    @Flag(help: "Measure champion–challenger selection by a pairwise judge on the stored majority runs.")
    var pairwise = false

    @Option(help: "With --pairwise: the budgets N, comma-separated (each run's first N samples).")
    var budgets: String = "4,8,16"

    @Option(
        help: """
            With --pairwise: the win probabilities a challenger must exceed to take over, comma-separated (each at \
            least 0.5 and below 1; one set of comparisons serves them all).
            """)
    var thresholds: String = "0.5,0.6,0.7,0.8,0.9"

    @Option(
        help: ArgumentHelp(
            """
            Write every candidate's signals and judge scores here (CSV); with --pairwise, every challenge's answers \
            and probabilities.
            """, valueName: "file"))
    var details: String?

    @Option(name: .long, help: "CPU threads for decoding (default: all cores).")
    var threads: Int?

    /// The name of the step judge's variant.
    static let lastStep = "last-step"

    func run() async throws {
        LogSetup.bootstrap(verbose: false)
        let variants = try Self.variants(judgePrompts)
        guard !db.isEmpty else { throw ValidationError("Give at least one --db") }
        let budgetValues = try Self.budgets(budgets)
        let thresholdValues = try Self.thresholds(thresholds)
        if pairwise, strategy != nil || samples != nil || mixedOnly {
            throw ValidationError(
                "--strategy, --samples and --mixed-only choose candidates to score, not with --pairwise")
        }
        if let strategy, StrategyKind(rawValue: strategy) == nil {
            throw EvalError.invalidParameter(
                "strategy", strategy, expected: StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let samples, samples < 1 {
            throw EvalError.invalidParameter("samples", "\(samples)", expected: "at least 1")
        }
        let problems = try Dataset.load(path: dataset)
        if pairwise {
            try await runPairwise(problems: problems, budgets: budgetValues, thresholds: thresholdValues)
            return
        }
        var items: [JudgeEvaluation.Item] = []
        for path in db {
            items += try await JudgeEvaluation.items(
                from: try EvalStore(path: path, readOnly: true), dataset: problems, strategy: strategy,
                samples: samples, voting: MathGrader(configuration: .voting))
        }
        if mixedOnly { items = JudgeEvaluation.mixedProblems(items) }
        if let limit { items = Array(items.prefix(max(0, limit))) }
        guard !items.isEmpty else {
            throw CommandFailure(
                "No stored candidate of \(db.joined(separator: ", ")) has a problem in '\(dataset)'"
                    + (strategy != nil || samples != nil || mixedOnly
                        ? " under --strategy, --samples, --mixed-only" : ""))
        }
        let engine = variants.isEmpty ? nil : try await loadEngine()
        let evaluation = JudgeEvaluation(items: items)
        Self.write(
            "\(engine.map { "Judge \($0.descriptor.name)" } ?? "No judge") on \(items.count) candidates "
                + "(\(items.count(where: \.correct)) right)")
        Self.write("")
        Self.write(
            "| variant | candidates | right | problems | AUROC | within-problem AUROC (problems) | mean right | mean wrong | tokens | seconds |"
        )
        Self.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for signal in JudgeEvaluation.signals {
            if let measurement = evaluation.measure(signal: signal) {
                Self.write(Self.row("\(signal.label) (no model)", measurement))
            }
        }
        var judged: [(name: String, scores: [Double])] = []
        if let details { try Self.write(evaluation.details(judged: judged), to: details) }
        guard let engine else { return }
        for variant in variants {
            let name = variant?.name ?? Self.lastStep
            let verifier = try GenerativeVerifier(engine: engine, outcomePrompt: variant ?? .default)
            let total = items.count
            let measurement = try await evaluation.measure(verifier, mode: variant == nil ? .step : .outcome) { done in
                StandardError.write("\(name): \(done)/\(total)\n")
            }
            Self.write(Self.row(name, measurement))
            judged.append((name, measurement.scores))
            if let details { try Self.write(evaluation.details(judged: judged), to: details) }
            try await engine.clearCache()
        }
    }

    /// The judge's engine.
    private func loadEngine() async throws -> LlamaEngine {
        try await LlamaEngine.load(
            EngineConfiguration(
                modelPath: try ModelResolver.standard().installedPath(of: verifierModel),
                contextLength: verifierContext,
                maxSequences: 16, threads: threads
            ).validated(),
            logger: Logger(label: "ponder.judge"))
    }

    /// `--pairwise`: champion–challenger selection on every stored majority run, per budget and threshold.
    private func runPairwise(problems: Dataset, budgets: [Int], thresholds: [Double]) async throws {
        var items: [PairwiseEvaluation.Item] = []
        for path in db {
            items += try await PairwiseEvaluation.items(
                from: try EvalStore(path: path, readOnly: true), dataset: problems)
        }
        if let limit { items = Array(items.prefix(max(0, limit))) }
        guard !items.isEmpty else {
            throw CommandFailure(
                "No stored majority run of \(db.joined(separator: ", ")) has a problem in '\(dataset)'")
        }
        let engine = try await loadEngine()
        let judge = try GenerativePairwiseJudge(engine: engine)
        let evaluation = PairwiseEvaluation(items: items, thresholds: thresholds)
        let total = items.count
        let started = ContinuousClock.now
        let (rows, challenges, usage) = try await evaluation.measure(
            judge, grader: MathGrader(configuration: .voting), budgets: budgets
        ) { done in StandardError.write("pairwise: \(done)/\(total) runs\n") }
        Self.write(
            "Pairwise judge \(engine.descriptor.name) on \(items.count) majority runs: "
                + "\(usage.promptTokensEvaluated) prompt tokens evaluated, "
                + String(format: "%.0f s", (ContinuousClock.now - started).seconds))
        Self.write("")
        Self.write(
            "| N | threshold | problems | pass@N | majority | champion–challenger | gained | lost | comparisons |")
        Self.write("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in rows {
            let counts = [row.problems, row.covered, row.majority, row.selected, row.gained, row.lost, row.comparisons]
            let cells = ["\(row.budget)", "\(row.threshold)"] + counts.map(String.init)
            Self.write("| " + cells.joined(separator: " | ") + " |")
        }
        if let details { try Self.writeDetails(challenges, to: details) }
    }

    /// Every challenge as a CSV row.
    static func writeDetails(_ challenges: [PairwiseEvaluation.Challenge], to path: String) throws {
        try write(
            CSVTable(
                header: [
                    "problem_id", "budget", "champion", "champion_correct", "challenger", "challenger_correct",
                    "as_second", "as_first",
                ],
                rows: challenges.map { challenge in
                    [
                        challenge.problemID, "\(challenge.budget)", challenge.champion, "\(challenge.championCorrect)",
                        challenge.challenger, "\(challenge.challengerCorrect)", "\(challenge.asSecond)",
                        "\(challenge.asFirst)",
                    ]
                }), to: path)
    }

    /// Writes `table` to `path`, replacing what was there.
    static func write(_ table: CSVTable, to path: String) throws {
        do {
            try table.text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("Cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// The thresholds of `list`: each at least 0.5 and below 1.
    static func thresholds(_ list: String) throws -> [Double] {
        try EvalCommand.list(list, name: "thresholds").map { text in
            guard let value = Double(text), value >= 0.5, value < 1 else {
                throw EvalError.invalidParameter("threshold", text, expected: "a number at least 0.5 and below 1")
            }
            return value
        }
    }

    /// The budgets of `list`: whole numbers, at least 1, ascending.
    static func budgets(_ list: String) throws -> [Int] {
        let values = try EvalCommand.budgets(list)
        if let bad = values.first(where: { $0 < 1 }) {
            throw EvalError.invalidParameter("budget", "\(bad)", expected: EvalCommand.budgetRange)
        }
        return values.sorted()
    }

    /// Writes a line to standard output at once (unbuffered), so a long measurement stopped halfway keeps the
    /// rows it printed.
    static func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The variants named in `list`; `nil` stands for the step judge's last step, and `none` for no variant.
    static func variants(_ list: String) throws -> [OutcomeJudgePrompt?] {
        if list == "all" { return OutcomeJudgePrompt.builtIn + [nil] }
        if list == "none" { return [] }
        return try EvalCommand.list(list, name: "judge prompts").map { name in
            name == lastStep ? nil : try OutcomeJudgePrompt(parsing: name)
        }
    }

    /// One Markdown table row.
    static func row(_ name: String, _ measurement: JudgeEvaluation.Measurement) -> String {
        func value(_ number: Double?) -> String { number.map { String(format: "%.3f", $0) } ?? "–" }
        let cells = [
            name, "\(measurement.candidates)", "\(measurement.correct)", "\(measurement.problems)",
            value(measurement.pooledAUROC), "\(value(measurement.withinAUROC)) (\(measurement.withinProblems))",
            value(measurement.meanRight), value(measurement.meanWrong), "\(measurement.promptTokensEvaluated)",
            String(format: "%.0f", measurement.seconds),
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }
}
