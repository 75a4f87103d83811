import ArgumentParser
import Foundation
import PonderCore

/// `ponder trace FILE`: draws a search tree written by `ponder solve --trace`.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Draw a search tree written by `ponder solve --trace` as an indented outline.")

    @Argument(help: "The JSON-lines trace file.")
    var file: String

    @Option(help: "Characters of each step shown (at least 1).")
    var width: Int = 60

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
        var text = ""
        for line in outline.lines(try SearchTrace.parse(data)) {
            text += line
            text += "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
