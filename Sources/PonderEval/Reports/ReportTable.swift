/// A table for the Markdown and HTML reports: formatted cells, with a title and a note.
struct ReportTable: Sendable, Hashable {
    var title: String
    var header: [String]
    var rows: [[String]]
    var note: String?
    /// What an empty table says instead of its rows.
    var empty = "No data."

    var markdown: String {
        var text = "### \(title)\n\n"
        if let note { text += "\(note)\n\n" }
        guard !rows.isEmpty else { return text + "_\(empty)_\n" }
        text += "| " + header.map(Self.cell).joined(separator: " | ") + " |\n"
        text += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for row in rows { text += "| " + row.map(Self.cell).joined(separator: " | ") + " |\n" }
        return text
    }

    var html: String {
        var text = "<h3>\(HTMLReport.escape(title))</h3>\n"
        if let note { text += "<p class=\"note\">\(HTMLReport.markdownInline(note))</p>\n" }
        guard !rows.isEmpty else { return text + "<p><em>\(HTMLReport.escape(empty))</em></p>\n" }
        text +=
            "<table>\n<thead><tr>" + header.map { "<th>\(HTMLReport.escape($0))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in rows {
            text += "<tr>" + row.map { "<td>\(HTMLReport.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return text + "</tbody>\n</table>\n"
    }

    /// A Markdown cell: pipes escaped, line breaks removed.
    private static func cell(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").split(
            separator: "|", omittingEmptySubsequences: false
        )
        .joined(separator: "\\|")
    }
}
