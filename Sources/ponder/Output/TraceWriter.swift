import ArgumentParser
import Foundation
import PonderCore
import Synchronization

/// Writes the search tree to a file as JSON lines, one ``SearchTraceEvent`` per line.
final class TraceWriter: Sendable {
    private let handle: Mutex<FileHandle>

    /// Creates (or truncates) `path`.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ValidationError("Cannot write trace file '\(path)'")
        }
        handle = Mutex(try FileHandle(forWritingTo: URL(fileURLWithPath: path)))
    }

    var handler: TraceHandler {
        { [self] event in write(event) }
    }

    private func write(_ event: SearchTraceEvent) {
        write(line: event)
    }

    /// Writes the search's outcome (the chosen leaf and the vote table) as the last line, when the result
    /// names its trace nodes.
    func finish(with result: SearchResult) {
        if let outcome = SearchTraceOutcome(result) { write(line: SearchTraceOutcome.Line(outcome)) }
    }

    private func write(line value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(value) else { return }
        line.append(0x0A)
        handle.withLock { $0.write(line) }
    }

    func close() {
        handle.withLock { try? $0.close() }
    }
}
