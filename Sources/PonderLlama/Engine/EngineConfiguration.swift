import Foundation
import PonderCore

/// How the embedded engine loads a model and sizes its context.
public struct EngineConfiguration: Sendable, Hashable {
    /// Path of the GGUF file.
    public var modelPath: String
    /// KV cells shared by all sequences (unified cache), and the most tokens one sequence may hold.
    public var contextLength: Int
    /// The most sequences alive at once: parallel samples plus cached prefixes.
    public var maxSequences: Int
    /// Tokens per `llama_decode` call when evaluating prompts.
    public var batchSize: Int
    /// CPU threads for decoding (default: every active core).
    public var threads: Int
    /// A chat template to use instead of the model's own (a llama.cpp built-in name or a Jinja string).
    public var chatTemplate: String?

    /// Creates a configuration; every value but the path has a default.
    public init(
        modelPath: String,
        contextLength: Int = 16384,
        maxSequences: Int = 64,
        batchSize: Int = 512,
        threads: Int? = nil,
        chatTemplate: String? = nil
    ) {
        self.modelPath = modelPath
        self.contextLength = contextLength
        self.maxSequences = maxSequences
        self.batchSize = batchSize
        self.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        self.chatTemplate = chatTemplate
    }

    /// The KV cells `problems` problems need at worst when each samples `sequences` solutions of up to
    /// `maxTokens` tokens from one prompt of `promptTokens` tokens (the prompt's cells are shared by its
    /// samples).
    public func kvCellsNeeded(problems: Int = 1, sequences: Int, maxTokens: Int, promptTokens: Int) -> Int {
        problems * (promptTokens + sequences * maxTokens)
    }

    /// Checks the values once, before loading.
    ///
    /// - Throws: ``LlamaError`` naming the offending value.
    public func validated() throws -> EngineConfiguration {
        guard contextLength >= 64 else {
            throw LlamaError.invalidConfiguration("context length", "\(contextLength)", expected: "at least 64")
        }
        guard (1...256).contains(maxSequences) else {
            throw LlamaError.invalidConfiguration(
                "max sequences", "\(maxSequences)", expected: "1 to 256 (llama.cpp's limit)")
        }
        guard batchSize >= 1 else {
            throw LlamaError.invalidConfiguration("batch size", "\(batchSize)", expected: "at least 1")
        }
        guard threads >= 1 else {
            throw LlamaError.invalidConfiguration("threads", "\(threads)", expected: "at least 1")
        }
        return self
    }
}
