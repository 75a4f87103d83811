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

    /// The terminal's width in columns: the window size of standard error, else `COLUMNS`, else 80.
    static var columns: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        return 80
    }
}
