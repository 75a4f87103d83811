public import Foundation
import PonderCore

/// Writes a report of an ``EvalSummary`` into a folder: `summary.md`, `report.html` (self-contained), CSV
/// tables, SVG plots, and PNG copies of the plots when `rsvg-convert` is installed.
///
/// Files written: `summary.md`, `report.html`, `accuracy.csv` (every series, budget and rule, with
/// intervals, per-bin accuracy and mean compute), `pass_at_k.csv`, `problems.csv` (one row per problem
/// run and budget under the primary rule, with its compute), `series.csv`, `accuracy-vs-budget.svg`,
/// `accuracy-vs-flops.svg`, `stopping.csv` and `stopping-runs.csv` (stopping rules replayed on the stored
/// samples, per rule and per problem run, when asked for), `accuracy-by-difficulty.svg`; the verifier diagnostics'
/// `diagnostics-selection.csv` (pass@N of the candidates and every rule's accuracy, misses and trade with
/// majority), `diagnostics-discrimination.csv` (AUROC per score and difficulty bin),
/// `diagnostics-calibration.csv` (reliability bins), `diagnostics-length.csv` (score per length bin),
/// `diagnostics-selection-gap.svg`, `diagnostics-calibration.svg`, `diagnostics-length.svg`; and every
/// plot's `.png` twin.
public struct ReportWriter: Sendable {
    /// Whether to write PNGs.
    public enum PNGPolicy: Sendable, Hashable {
        /// When `rsvg-convert` is on `PATH`.
        case whenAvailable
        /// Never.
        case never
    }

    /// The numbers to report.
    public var summary: EvalSummary
    /// The time stamped on the report.
    public var generatedAt: Date
    /// The database's path, named in the report.
    public var databasePath: String

    /// Creates a writer.
    public init(summary: EvalSummary, databasePath: String, generatedAt: Date = Date()) {
        self.summary = summary
        self.databasePath = databasePath
        self.generatedAt = generatedAt
    }

    /// What was written.
    public struct Output: Sendable, Hashable {
        /// The files, in the order written.
        public var files: [String]
        /// Things that did not stop the report (a PNG that failed).
        public var warnings: [String]
    }

    /// Writes every file into `directory` (created if needed; files of the same names are replaced).
    ///
    /// - Throws: ``EvalError`` when a file cannot be written.
    public func write(to directory: String, png: PNGPolicy = .whenAvailable) throws -> Output {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw EvalError.reportFailed(directory, reason: error.localizedDescription)
        }
        var files: [String] = []
        var warnings: [String] = []
        func write(_ name: String, _ text: String) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw EvalError.reportFailed(path, reason: error.localizedDescription)
            }
            files.append(path)
        }

        let figures = ReportFigures(summary: summary)
        let plots: [(title: String, file: String, svg: String)] = [
            ("Accuracy vs budget", "accuracy-vs-budget.svg", figures.accuracyVersusBudget.svg()),
            ("Accuracy vs FLOPs per problem", "accuracy-vs-flops.svg", figures.accuracyVersusFLOPs.svg()),
            ("Accuracy by difficulty", "accuracy-by-difficulty.svg", figures.accuracyByDifficulty.svg()),
        ]
        let diagnosticsFigures = DiagnosticsFigures(diagnostics: summary.diagnostics, dataset: summary.dataset)
        let diagnosticPlots: [(title: String, file: String, svg: String)] = [
            ("Selection gap", "diagnostics-selection-gap.svg", diagnosticsFigures.selectionGap.svg()),
            ("Reliability of the verifier scores", "diagnostics-calibration.svg", diagnosticsFigures.calibration.svg()),
            ("Verifier score vs solution length", "diagnostics-length.svg", diagnosticsFigures.lengthBias.svg()),
        ]
        for plot in plots + diagnosticPlots { try write(plot.file, plot.svg) }

        let tables = ReportTables(summary: summary)
        try write("accuracy.csv", tables.accuracyCSV.text)
        try write("pass_at_k.csv", tables.passAtKCSV.text)
        try write("problems.csv", tables.problemsCSV.text)
        try write("series.csv", tables.seriesCSV.text)
        if !summary.stoppingReplay.isEmpty {
            try write("stopping.csv", tables.stoppingReplayCSV.text)
            try write("stopping-runs.csv", tables.stoppingRunsCSV.text)
        }
        let diagnostics = DiagnosticsTables(diagnostics: summary.diagnostics)
        try write("diagnostics-selection.csv", diagnostics.selectionCSV.text)
        try write("diagnostics-discrimination.csv", diagnostics.discriminationCSV.text)
        try write("diagnostics-calibration.csv", diagnostics.calibrationCSV.text)
        try write("diagnostics-length.csv", diagnostics.lengthCSV.text)
        let markdown = MarkdownReport(
            summary: summary, tables: tables, figures: plots.map { ($0.title, $0.file) }, diagnostics: diagnostics,
            diagnosticFigures: diagnosticPlots.map { ($0.title, $0.file) }, generatedAt: generatedAt,
            summaryPath: databasePath)
        try write("summary.md", markdown.text)
        let html = HTMLReport(
            summary: summary, tables: tables, figures: plots.map { ($0.title, $0.svg) }, diagnostics: diagnostics,
            diagnosticFigures: diagnosticPlots.map { ($0.title, $0.svg) },
            databaseName: URL(fileURLWithPath: databasePath).lastPathComponent, generatedAt: generatedAt)
        try write("report.html", html.text)

        if png == .whenAvailable, let converter = PNGConverter.executable() {
            for plot in plots + diagnosticPlots {
                let svg = (directory as NSString).appendingPathComponent(plot.file)
                let png = (svg as NSString).deletingPathExtension + ".png"
                do {
                    try PNGConverter.convert(svg: svg, png: png, executable: converter)
                    files.append(png)
                } catch {
                    warnings.append("\(error)")
                }
            }
        }
        return Output(files: files, warnings: warnings)
    }
}
