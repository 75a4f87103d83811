import CLlama
import Foundation
import Logging

/// Process-wide llama.cpp initialisation, done once and never torn down.
enum LlamaBackend {
    /// Logs llama.cpp's own warnings and errors.
    static let logger = Logger(label: "ponder.llama.cpp")

    /// Initialises the backend and routes llama.cpp's log to ``logger``; safe to touch from any thread.
    static let initialised: Void = {
        llama_log_set(
            { level, text, _ in
                guard let text, level == GGML_LOG_LEVEL_WARN || level == GGML_LOG_LEVEL_ERROR else { return }
                let message = String(cString: text).trimmingCharacters(in: .newlines)
                guard !message.isEmpty else { return }
                if level == GGML_LOG_LEVEL_ERROR {
                    LlamaBackend.logger.error("\(message)")
                } else {
                    LlamaBackend.logger.info("\(message)")
                }
            }, nil)
        llama_backend_init()
    }()
}
