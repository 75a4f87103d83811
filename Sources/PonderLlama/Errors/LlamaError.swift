public import PonderCore

/// An error from the embedded llama.cpp engine.
///
/// Every failing C status becomes one of these, with the model, sequence and position involved.
public typealias LlamaError = CodedError<LlamaErrorCode>

/// What went wrong in the embedded engine.
public enum LlamaErrorCode: Hashable, Sendable {
    case modelNotFound
    case notGGUF
    case modelLoadFailed
    case contextFailed
    case noChatTemplate
    case templateFailed
    case tokenizeFailed
    case promptTooLong
    case decodeFailed
    case kvCacheFull
    case sequencesExhausted
    case logitsMissing
    case invalidConfiguration
    case verifierFormat
    case sequenceRemovalFailed
}

extension CodedError where Code == LlamaErrorCode {
    package static func modelNotFound(_ path: String) -> LlamaError {
        LlamaError(.modelNotFound, "Model file '\(path)' does not exist (installed models: `ponder models list`)")
    }

    package static func notGGUF(_ path: String) -> LlamaError {
        LlamaError(.notGGUF, "File '\(path)' is not a GGUF model (it does not start with the 'GGUF' magic)")
    }

    package static func modelLoadFailed(_ path: String) -> LlamaError {
        LlamaError(.modelLoadFailed, "llama.cpp could not load model '\(path)'")
    }

    package static func contextFailed(model: String, contextLength: Int, sequences: Int) -> LlamaError {
        LlamaError(
            .contextFailed,
            "llama.cpp could not create a context of \(contextLength) tokens for \(sequences) sequences (model '\(model)')"
        )
    }

    package static func noChatTemplate(model: String) -> LlamaError {
        LlamaError(.noChatTemplate, "Model '\(model)' has no chat template; pass one with --chat-template")
    }

    package static func templateFailed(model: String, template: String) -> LlamaError {
        LlamaError(
            .templateFailed,
            "llama.cpp does not support the chat template of model '\(model)' (starts '\(template.prefix(40))')")
    }

    package static func tokenizeFailed(model: String, characters: Int) -> LlamaError {
        LlamaError(.tokenizeFailed, "Could not tokenize \(characters) characters (model '\(model)')")
    }

    package static func promptTooLong(tokens: Int, contextLength: Int, model: String) -> LlamaError {
        LlamaError(
            .promptTooLong, "Prompt needs \(tokens) tokens but context length is \(contextLength) (model '\(model)')")
    }

    package static func decodeFailed(status: Int32, sequences: [Int32], position: Int32, model: String) -> LlamaError {
        LlamaError(
            .decodeFailed,
            "llama_decode returned \(status) for sequences \(sequences) at position \(position) (model '\(model)')")
    }

    package static func kvCacheFull(tokens: Int, contextLength: Int, model: String) -> LlamaError {
        LlamaError(
            .kvCacheFull,
            "KV cache is full: \(tokens) more tokens do not fit the \(contextLength) cells shared by all sequences "
                + "(model '\(model)'); lower --n or raise --context")
    }

    package static func sequencesExhausted(needed: Int, maximum: Int, model: String) -> LlamaError {
        LlamaError(
            .sequencesExhausted, "Call needs \(needed) sequences but the engine has \(maximum) (model '\(model)')")
    }

    package static func logitsMissing(sequence: Int32, batchIndex: Int32, model: String) -> LlamaError {
        LlamaError(
            .logitsMissing,
            "llama.cpp returned no logits for sequence \(sequence) at batch index \(batchIndex) (model '\(model)')")
    }

    package static func invalidConfiguration(_ name: String, _ value: String, expected: String) -> LlamaError {
        LlamaError(.invalidConfiguration, "Invalid \(name) '\(value)': expected \(expected)")
    }

    package static func sequenceRemovalFailed(sequence: Int32, model: String) -> LlamaError {
        LlamaError(
            .sequenceRemovalFailed,
            "llama_memory_seq_rm refused to remove sequence \(sequence) at positions 0 and after (model '\(model)')")
    }

    package static func verifierFormat(_ message: String) -> LlamaError { LlamaError(.verifierFormat, message) }
}
