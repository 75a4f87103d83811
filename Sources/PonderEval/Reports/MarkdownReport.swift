import Foundation

/// The Markdown summary: headline table, difficulty, every rule, pass@k, plots, series, verifier diagnostics
/// and methods.
struct MarkdownReport {
    var summary: EvalSummary
    var tables: ReportTables
    var figures: [(title: String, file: String)]
    var diagnostics: DiagnosticsTables
    var diagnosticFigures: [(title: String, file: String)]
    var generatedAt: Date

    var text: String {
        var text = "# Evaluation report: \(summary.dataset)\n\n"
        text += "Database `\(databaseName)`, generated \(Self.timestamp(generatedAt)). "
        text += "\(summary.problemsDescription), \(summary.series.count) series, "
        text += "\(summary.series.reduce(0) { $0 + $1.runCount }) problem runs.\n\n"
        text += "## Results\n\n"
        text += tables.accuracy.markdown + "\n"
        text += tables.difficulty.markdown + "\n"
        text += tables.rules.markdown + "\n"
        if !summary.againstMajority.isEmpty { text += tables.againstMajority.markdown + "\n" }
        text += tables.passAtK.markdown + "\n"
        if !summary.stoppingReplay.isEmpty { text += tables.stoppingReplay.markdown + "\n" }
        if !summary.planner.isEmpty { text += tables.planner.markdown + "\n" }
        if !summary.plannerDiagnostics.isEmpty {
            for table in [tables.plannerEfficiency, tables.plannerPredictions, tables.plannerBounds] {
                text += table.markdown + "\n"
            }
        }
        text += tables.series.markdown + "\n"
        text += "## Plots\n\n"
        for figure in figures { text += "![\(figure.title)](\(figure.file))\n\n" }
        text += "## Verifier diagnostics\n\n"
        text += diagnostics.introduction.joined(separator: "\n\n") + "\n\n"
        for table in diagnostics.all { text += table.markdown + "\n" }
        for figure in diagnosticFigures { text += "![\(figure.title)](\(figure.file))\n\n" }
        text += "## How the numbers are computed\n\n"
        text += ReportMethods.paragraphs(summary).joined(separator: "\n\n") + "\n"
        return text
    }

    var databaseName: String { URL(fileURLWithPath: summaryPath).lastPathComponent }
    var summaryPath: String

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
