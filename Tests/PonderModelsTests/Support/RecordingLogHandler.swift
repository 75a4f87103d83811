import Logging
import Synchronization

/// A log handler that keeps every entry's text (message and metadata), for tests that check what is logged.
struct RecordingLogHandler: LogHandler {
    final class Entries: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    let entries: Entries
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        entries.append("\(event.message) \(merged)")
    }

    /// A logger writing into `entries`.
    static func logger(_ entries: Entries) -> Logger {
        Logger(label: "recording") { _ in RecordingLogHandler(entries: entries) }
    }
}
