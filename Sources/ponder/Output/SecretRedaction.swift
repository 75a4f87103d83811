import Foundation
import PonderRemote

/// The last line of defence for the API key: every text the CLI writes to standard error (errors, logs,
/// notes) and every result it prints passes through ``redact(_:)``, whatever the text's source.
///
/// The keys are read where the user gives them (`--api-key KEY`, `--api-key=KEY`, `PONDER_API_KEY`), once, so
/// this needs no option parsing; the libraries already redact what they build from server replies.
enum SecretRedaction {
    /// The keys of this process's command line and environment.
    static let keys: [APIKey] = keys(
        arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

    /// The keys given by `arguments` (after `--api-key`, or as `--api-key=KEY`) and by `PONDER_API_KEY`, and the
    /// Hub tokens `HF_TOKEN` and `HUGGING_FACE_HUB_TOKEN`.
    static func keys(arguments: [String], environment: [String: String]) -> [APIKey] {
        var values: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--api-key", index + 1 < arguments.count { values.append(arguments[index + 1]) }
            if argument.hasPrefix("--api-key=") { values.append(String(argument.dropFirst("--api-key=".count))) }
        }
        for name in ["PONDER_API_KEY", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
            if let value = environment[name] { values.append(value) }
        }
        return values.compactMap { try? APIKey($0) }
    }

    /// `text` with every key replaced by `<redacted>`.
    static func redact(_ text: String) -> String {
        keys.reduce(text) { $1.redact($0) }
    }
}

extension SecretRedaction {
    /// `error`, or an error printing its message without the keys when the message held one.
    static func redact(_ error: any Error) -> any Error {
        let message = "\(error)"
        let clean = redact(message)
        return clean == message ? error : RedactedError(description: clean)
    }

    /// An error whose message held a key.
    private struct RedactedError: Error, CustomStringConvertible {
        var description: String
    }
}
