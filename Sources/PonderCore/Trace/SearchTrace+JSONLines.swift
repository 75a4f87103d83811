public import Foundation

extension SearchTrace {
    /// Reads a trace written by `ponder solve --trace`: one JSON ``SearchTraceEvent`` per line.
    ///
    /// Blank lines are skipped; line numbers in messages count them. A line `{"outcome": …}` (the chosen leaf
    /// and the vote table, written since issue 17) is read as the trace's ``outcome``; traces without one load
    /// as before.
    /// - Throws: ``PonderError`` naming the first line that is not an event (and what is wrong with it), or
    ///   what ``init(events:lines:)`` finds wrong with the tree.
    public static func parse(_ data: Data) throws -> SearchTrace {
        let decoder = JSONDecoder()
        var events: [SearchTraceEvent] = []
        var lines: [Int] = []
        var outcome: SearchTraceOutcome?
        let newline = UInt8(ascii: "\n")
        for (offset, line) in data.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !isJSONWhitespace($0) }) else { continue }
            do {
                events.append(try decoder.decode(SearchTraceEvent.self, from: Data(line)))
                lines.append(offset + 1)
            } catch {
                if let found = try? decoder.decode(SearchTraceOutcome.Line.self, from: Data(line)) {
                    outcome = found.outcome
                    continue
                }
                throw PonderError.traceLineNotAnEvent(line: offset + 1, reason: describe(error))
            }
        }
        return try SearchTrace(events: events, lines: lines, outcome: outcome)
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// What is wrong with a line, in a user's words: the field and what it should hold.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func field(_ path: [any CodingKey]) -> String {
            "'" + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: "a string"
            case is Int.Type: "an integer"
            case is Double.Type: "a number"
            case is SearchTraceEvent.Type, is [String: Any].Type: "a JSON object"
            default: "\(type)"
            }
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not valid JSON"
        case .dataCorrupted(let context) where context.codingPath.last?.stringValue == "state":
            let states = ["expanded", "finished", "pruned", "dropped"].joined(separator: ", ")
            return "\(field(context.codingPath)) is not one of \(states)"
        case .dataCorrupted(let context):
            return "\(field(context.codingPath)) holds an invalid value"
        case .keyNotFound(let key, let context):
            return "missing field \(field(context.codingPath + [key]))"
        case .typeMismatch(let type, let context) where context.codingPath.isEmpty:
            return "expected \(kind(type))"
        case .typeMismatch(let type, let context):
            return "\(field(context.codingPath)) is not \(kind(type))"
        case .valueNotFound(let type, let context):
            return "\(field(context.codingPath)) is null, expected \(kind(type))"
        @unknown default:
            return "\(error)"
        }
    }
}
