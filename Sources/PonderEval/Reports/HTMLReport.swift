import Foundation

/// One self-contained HTML page: inline CSS, the plots inlined as SVG, every table. No scripts, no links.
struct HTMLReport {
    var summary: EvalSummary
    var tables: ReportTables
    var figures: [(title: String, svg: String)]
    var diagnostics: DiagnosticsTables
    var diagnosticFigures: [(title: String, svg: String)]
    var databaseName: String
    var generatedAt: Date

    var text: String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Ponder evaluation: \(Self.escape(summary.dataset))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1300px; color: #222; padding: 0 1em; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th { background: #f3f3f3; }
            td:first-child, th:first-child { text-align: left; }
            .note { color: #555; font-size: 13px; max-width: 70em; }
            figure { margin: 1em 0; }
            figure svg { width: 100%; height: auto; }
            </style>
            </head>
            <body>

            """
        html += "<h1>Evaluation report: \(Self.escape(summary.dataset))</h1>\n"
        html +=
            "<p>Database <code>\(Self.escape(databaseName))</code>, generated \(MarkdownReport.timestamp(generatedAt)). "
        html += "\(summary.problemsDescription), \(summary.series.count) series, "
        html += "\(summary.series.reduce(0) { $0 + $1.runCount }) problem runs.</p>\n"
        html += "<h2>Plots</h2>\n"
        for figure in figures {
            html +=
                "<figure>\n\(Self.inline(figure.svg))<figcaption>\(Self.escape(figure.title))</figcaption>\n</figure>\n"
        }
        html += "<h2>Results</h2>\n"
        var results = [tables.accuracy, tables.difficulty, tables.rules]
        if !summary.againstMajority.isEmpty { results.append(tables.againstMajority) }
        results.append(tables.passAtK)
        if !summary.stoppingReplay.isEmpty { results.append(tables.stoppingReplay) }
        if !summary.planner.isEmpty { results.append(tables.planner) }
        if !summary.plannerDiagnostics.isEmpty {
            results += [tables.plannerEfficiency, tables.plannerPredictions, tables.plannerBounds]
        }
        for table in results + [tables.series] { html += table.html }
        html += "<h2>Verifier diagnostics</h2>\n"
        for paragraph in diagnostics.introduction {
            html += "<p class=\"note\">\(Self.markdownInline(paragraph))</p>\n"
        }
        for table in diagnostics.all { html += table.html }
        for figure in diagnosticFigures {
            html +=
                "<figure>\n\(Self.inline(figure.svg))<figcaption>\(Self.escape(figure.title))</figcaption>\n</figure>\n"
        }
        html += "<h2>How the numbers are computed</h2>\n"
        for paragraph in ReportMethods.paragraphs(summary) {
            html += "<p class=\"note\">\(Self.markdownInline(paragraph))</p>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }

    /// An SVG document without its XML declaration, for inlining.
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>\n") else { return svg }
        return String(svg[end.upperBound...])
    }

    /// Text escaped for HTML (the XML escapes, which HTML5 reads too).
    static func escape(_ text: String) -> String { SVGWriter.escape(text) }

    /// Escapes text, then turns Markdown's `**bold**` and `` `code` `` into HTML.
    static func markdownInline(_ text: String) -> String {
        var html = ""
        var bold = false
        var code = false
        var characters = Array(escape(text))[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "*", characters.first == "*" {
                characters = characters.dropFirst()
                html += bold ? "</strong>" : "<strong>"
                bold.toggle()
            } else if character == "`" {
                html += code ? "</code>" : "<code>"
                code.toggle()
            } else {
                html.append(character)
            }
        }
        return html
    }
}
