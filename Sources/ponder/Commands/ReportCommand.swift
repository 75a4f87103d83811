import ArgumentParser
import Foundation
import PonderCore
import PonderEval
import PonderMath

/// `ponder report`: tables and plots from an evaluation database.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write Markdown, CSV, SVG (and PNG) and one HTML page from an evaluation database.",
        discussion: """
            Reads the database without writing to it, so it can run while `ponder eval` is still writing. \
            PNGs are written when rsvg-convert (Debian's librsvg2-bin) is installed.
            """
    )

    @Option(help: ArgumentHelp("The evaluation database.", valueName: "file"))
    var db: String

    @Option(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "folder"))
    var out: String

    @Option(help: "The dataset to report, when the database holds several.")
    var dataset: String?

    @Option(name: .long, help: "The selection rule plotted for best-of-n, beam, dvts and particle-filter.")
    var select: String = SelectionRule.lastVote.name

    @Option(help: "Bootstrap resamples per interval.")
    var resamples: Int = 2000

    @Option(help: "Confidence level of the intervals, in (0, 1).")
    var confidence: Double = 0.95

    @OptionGroup(title: "Stopping rules replayed")
    var replay: ReplayOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Which problems to report: all, or common.",
            discussion: """
                all (the default) reports each series over the problems it has; common only the problems that every \
                series has finished at every budget, so every row is over the same problems while an evaluation is \
                still running.
                """))
    var problems: String = ProblemScope.all.rawValue

    @Flag(help: "Do not write PNGs even when rsvg-convert is installed.")
    var noPNG = false

    func run() async throws {
        let rule = try SelectionRule(parsing: select)
        guard resamples >= 1 else {
            throw EvalError.invalidParameter("resamples", "\(resamples)", expected: "at least 1")
        }
        guard confidence > 0, confidence < 1 else {
            throw EvalError.invalidParameter("confidence", "\(confidence)", expected: "a value in (0, 1)")
        }
        let scope = try ProblemScope(parsing: problems)
        let stoppingRules = try replay.rules(default: StoppingReplay.defaultRules)
        let stoppingBudgets = try replay.budgets()
        let store = try EvalStore(path: db, readOnly: true)
        let summary = try EvalSummary(
            snapshot: try await store.snapshot(dataset: dataset), dataset: dataset, primaryRule: rule,
            bootstrap: Bootstrap(resamples: resamples, confidence: confidence),
            stoppingRules: stoppingRules, stoppingBudgets: stoppingBudgets,
            grader: MathGrader(configuration: .voting), scope: scope)
        let output = try ReportWriter(summary: summary, databasePath: db).write(
            to: out, png: noPNG ? .never : .whenAvailable)
        for warning in output.warnings { StandardError.write("Warning: \(warning)\n") }
        print("Report of '\(summary.dataset)': \(summary.series.count) series, \(summary.problemsDescription)")
        for file in output.files { print(file) }
    }
}
