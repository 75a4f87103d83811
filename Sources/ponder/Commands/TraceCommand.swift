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

    @Option(help: "Characters of each step shown.")
    var width: Int = 60

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read trace file '\(file)'")
        }
        let events = try TraceOutline.parse(data)
        for line in TraceOutline.lines(events, width: width) { print(line) }
    }
}

/// Turns trace events into an outline: one line per node, children indented under their parent.
enum TraceOutline {
    static func parse(_ data: Data) throws -> [SearchTraceEvent] {
        let decoder = JSONDecoder()
        var events: [SearchTraceEvent] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            do {
                events.append(try decoder.decode(SearchTraceEvent.self, from: Data(line)))
            } catch {
                throw ValidationError("Line \(number + 1) of the trace is not a trace event: \(error)")
            }
        }
        return events
    }

    static func lines(_ events: [SearchTraceEvent], width: Int) -> [String] {
        var children: [Int: [SearchTraceEvent]] = [:]
        var roots: [SearchTraceEvent] = []
        for event in events {
            if let parent = event.parent { children[parent, default: []].append(event) } else { roots.append(event) }
        }
        var output: [String] = []
        func visit(_ event: SearchTraceEvent, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            let step = event.step.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            let shown = step.count > width ? String(step.prefix(width - 1)) + "…" : step
            let score = event.score.map { String(format: " %.3f", $0) } ?? ""
            let reason = event.reason.map { " (\($0))" } ?? ""
            let label = event.parent == nil ? "prompt" : "#\(event.node) \(shown)"
            output.append("\(indent)\(label)  [\(event.state.rawValue)\(reason)\(score)]")
            for child in children[event.node] ?? [] { visit(child, depth: depth + 1) }
        }
        for root in roots { visit(root, depth: 0) }
        return output
    }
}
