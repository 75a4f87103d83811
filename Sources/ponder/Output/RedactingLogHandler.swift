import Logging

/// A log handler that takes the API key out of messages, metadata and errors before another handler writes
/// them.
struct RedactingLogHandler: LogHandler {
    private var base: any LogHandler
    private let redact: @Sendable (String) -> String

    /// Wraps `base`; `redact` rewrites every message, metadata value and error description.
    init(_ base: any LogHandler, redact: @escaping @Sendable (String) -> String) {
        self.base = base
        self.redact = redact
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue.mapValues(redacted) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue.map(redacted) }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: redact(event.message.description))
        event.metadata = event.metadata?.mapValues(redacted)
        if let error = event.error {
            let description = "\(error)"
            let clean = redact(description)
            if clean != description { event.error = RedactedError(description: clean) }
        }
        base.log(event: event)
    }

    /// A value whose text held the key becomes that text without it; others are kept as they are.
    private func redacted(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        let description = value.description
        let clean = redact(description)
        return clean == description ? value : .string(clean)
    }

    /// An error whose description held the key.
    private struct RedactedError: Error, CustomStringConvertible {
        var description: String
    }
}
