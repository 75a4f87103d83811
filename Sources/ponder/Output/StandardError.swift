import Foundation

/// Writes user-facing text to standard error (progress, notes); results go to standard output.
///
/// The API key is taken out of everything written (``SecretRedaction``).
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(SecretRedaction.redact(text).utf8))
    }

    /// Whether standard error is a terminal, so a live progress line makes sense.
    static var isTerminal: Bool { isatty(2) == 1 }
}
