import Logging

/// The CLI's logging: standard error, warnings and up, or everything with `--verbose`; the API key is taken
/// out of every entry (``SecretRedaction``).
enum LogSetup {
    static func bootstrap(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return RedactingLogHandler(handler) { SecretRedaction.redact($0) }
        }
    }
}
