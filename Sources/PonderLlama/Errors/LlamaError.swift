/// An error from the embedded llama.cpp engine or the model store.
///
/// Every failing C status becomes one of these, with the model, sequence and position involved.
public struct LlamaError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case modelNotFound, notGGUF, modelLoadFailed, contextFailed, noChatTemplate, templateFailed
        case tokenizeFailed, promptTooLong, decodeFailed, kvCacheFull, sequencesExhausted, logitsMissing
        case invalidConfiguration, install, verifierFormat
    }

    private let code: Code
    /// A sentence fragment describing the error.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func modelNotFound(_ path: String) -> LlamaError {
        LlamaError(.modelNotFound, "Model file '\(path)' does not exist (installed models: `ponder models list`)")
    }

    static func notGGUF(_ path: String) -> LlamaError {
        LlamaError(.notGGUF, "File '\(path)' is not a GGUF model (it does not start with the 'GGUF' magic)")
    }

    static func modelLoadFailed(_ path: String) -> LlamaError {
        LlamaError(.modelLoadFailed, "llama.cpp could not load model '\(path)'")
    }

    static func contextFailed(model: String, contextLength: Int, sequences: Int) -> LlamaError {
        LlamaError(
            .contextFailed,
            "llama.cpp could not create a context of \(contextLength) tokens for \(sequences) sequences (model '\(model)')")
    }

    static func noChatTemplate(model: String) -> LlamaError {
        LlamaError(.noChatTemplate, "Model '\(model)' has no chat template; pass one with --chat-template")
    }

    static func templateFailed(model: String, template: String) -> LlamaError {
        LlamaError(
            .templateFailed,
            "llama.cpp does not support the chat template of model '\(model)' (starts '\(template.prefix(40))')")
    }

    static func tokenizeFailed(model: String, characters: Int) -> LlamaError {
        LlamaError(.tokenizeFailed, "Could not tokenize \(characters) characters (model '\(model)')")
    }

    static func promptTooLong(tokens: Int, contextLength: Int, model: String) -> LlamaError {
        LlamaError(
            .promptTooLong, "Prompt needs \(tokens) tokens but context length is \(contextLength) (model '\(model)')")
    }

    static func decodeFailed(status: Int32, sequences: [Int32], position: Int32, model: String) -> LlamaError {
        LlamaError(
            .decodeFailed,
            "llama_decode returned \(status) for sequences \(sequences) at position \(position) (model '\(model)')")
    }

    static func kvCacheFull(tokens: Int, contextLength: Int, model: String) -> LlamaError {
        LlamaError(
            .kvCacheFull,
            "KV cache is full: \(tokens) more tokens do not fit the \(contextLength) cells shared by all sequences "
                + "(model '\(model)'); lower --n or raise --context")
    }

    static func sequencesExhausted(needed: Int, maximum: Int, model: String) -> LlamaError {
        LlamaError(
            .sequencesExhausted, "Call needs \(needed) sequences but the engine has \(maximum) (model '\(model)')")
    }

    static func logitsMissing(sequence: Int32, batchIndex: Int32, model: String) -> LlamaError {
        LlamaError(
            .logitsMissing,
            "llama.cpp returned no logits for sequence \(sequence) at batch index \(batchIndex) (model '\(model)')")
    }

    static func invalidConfiguration(_ name: String, _ value: String, expected: String) -> LlamaError {
        LlamaError(.invalidConfiguration, "Invalid \(name) '\(value)': expected \(expected)")
    }

    static func install(_ message: String) -> LlamaError { LlamaError(.install, message) }

    static func verifierFormat(_ message: String) -> LlamaError { LlamaError(.verifierFormat, message) }

    /// Whether two errors have the same code.
    public func isSameKind(as other: LlamaError) -> Bool { code == other.code }
}
