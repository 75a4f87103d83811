import ArgumentParser
import Foundation
import PonderCore
import PonderEval

/// `ponder trace FILE`: draws a search tree written by `ponder solve --trace`.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Draw a search tree written by `ponder solve --trace` as an indented outline, or as a web page.",
        discussion: """
            The outline marks the chosen path (◀) when the trace records the outcome. With --html, writes one \
            self-contained page instead (no network): the tree by depth, each step on hover or click, the \
            chosen path highlighted and the vote table beside it.
            """)

    @Argument(help: "The JSON-lines trace file.")
    var file: String

    @Option(help: "Characters of each step shown (at least 1).")
    var width: Int = 60

    @Option(help: "Write the tree as a self-contained HTML page to this file instead of printing the outline.")
    var html: String?

    func validate() throws {
        do {
            _ = try SearchTraceOutline(width: width)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let outline = try SearchTraceOutline(width: width)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read trace file '\(file)'")
        }
        let trace = try SearchTrace.parse(data)
        if let html {
            let page = SearchTracePage(trace: trace, source: (file as NSString).lastPathComponent).html
            guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
                throw ValidationError("Cannot write page '\(html)'")
            }
            return
        }
        var text = ""
        for line in outline.lines(trace) {
            text += line
            text += "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
