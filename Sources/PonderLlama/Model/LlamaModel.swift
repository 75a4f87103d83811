import CLlama
import Foundation
public import PonderCore

/// A loaded GGUF model: weights, vocabulary, chat template and metadata.
///
/// Immutable once loaded; its methods only read the model, so they are safe from any thread.
public final class LlamaModel {
    let pointer: OpaquePointer
    let vocab: OpaquePointer
    /// The file the model came from.
    public let path: String
    /// A short name: the file name.
    public let name: String
    /// The number of parameters.
    public let parameterCount: UInt64
    /// The context length the model was trained with.
    public let trainedContextLength: Int
    /// The vocabulary size.
    public let vocabularySize: Int
    /// llama.cpp's description (architecture, size, quantisation).
    public let summary: String

    /// Reads a GGUF file's vocabulary and metadata (chat template, tokenizer) without its weights: fast,
    /// for checking a configuration before any model loads. Only the vocabulary and chat template methods
    /// may be used on the result.
    ///
    /// - Throws: ``LlamaError`` for a missing file, a file that is not GGUF, or a failed read.
    public static func inspect(_ path: String) throws -> LlamaModel {
        try LlamaModel(path: path, vocabularyOnly: true)
    }

    /// Loads a GGUF file (or only its vocabulary); blocks for the load, so call it on the engine thread.
    ///
    /// - Throws: ``LlamaError`` for a missing file, a file that is not GGUF, or a failed load.
    init(path: String, vocabularyOnly: Bool = false) throws {
        _ = LlamaBackend.initialised
        guard FileManager.default.fileExists(atPath: path) else { throw LlamaError.modelNotFound(path) }
        guard Self.hasGGUFMagic(path) else { throw LlamaError.notGGUF(path) }
        var parameters = llama_model_default_params()
        parameters.n_gpu_layers = 0
        parameters.vocab_only = vocabularyOnly
        guard let model = llama_model_load_from_file(path, parameters) else { throw LlamaError.modelLoadFailed(path) }
        guard let vocab = llama_model_get_vocab(model) else {
            llama_model_free(model)
            throw LlamaError.modelLoadFailed(path)
        }
        self.pointer = model
        self.vocab = vocab
        self.path = path
        self.name = URL(fileURLWithPath: path).lastPathComponent
        self.parameterCount = llama_model_n_params(model)
        self.trainedContextLength = Int(llama_model_n_ctx_train(model))
        self.vocabularySize = Int(llama_vocab_n_tokens(vocab))
        var buffer = [CChar](repeating: 0, count: 256)
        let written = llama_model_desc(model, &buffer, buffer.count)
        self.summary =
            written > 0
            ? String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    deinit { llama_model_free(pointer) }

    /// Whether the file starts with the four bytes `GGUF`.
    static func hasGGUFMagic(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data("GGUF".utf8)
    }

    // MARK: - Vocabulary

    /// Whether `token` ends generation (end of turn, end of text).
    public func isEndOfGeneration(_ token: TokenID) -> Bool { llama_vocab_is_eog(vocab, token) }

    /// The bytes of `token`'s text (special tokens rendered), possibly part of a UTF-8 character.
    public func piece(_ token: TokenID) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 64)
        var count = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, true)
        if count < 0 {
            buffer = [CChar](repeating: 0, count: Int(-count))
            count = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, true)
        }
        return buffer.prefix(Int(max(count, 0))).map { UInt8(bitPattern: $0) }
    }

    /// Tokenizes `text`, parsing special tokens such as `<|im_start|>`.
    ///
    /// A beginning-of-sequence token is added when the model wants one and the text does not already start with it.
    /// - Throws: ``LlamaError`` when llama.cpp cannot tokenize the text.
    public func tokenize(_ text: String) throws -> [TokenID] {
        var addSpecial = llama_vocab_get_add_bos(vocab)
        if addSpecial {
            let bos = String(decoding: piece(llama_vocab_bos(vocab)), as: UTF8.self)
            if !bos.isEmpty, text.hasPrefix(bos) { addSpecial = false }
        }
        let utf8 = Array(text.utf8CString.dropLast())
        var tokens = [TokenID](repeating: 0, count: utf8.count + 8)
        var count = llama_tokenize(vocab, utf8, Int32(utf8.count), &tokens, Int32(tokens.count), addSpecial, true)
        if count < 0 {
            tokens = [TokenID](repeating: 0, count: Int(-count))
            count = llama_tokenize(vocab, utf8, Int32(utf8.count), &tokens, Int32(tokens.count), addSpecial, true)
        }
        guard count >= 0 else { throw LlamaError.tokenizeFailed(model: name, characters: text.count) }
        return Array(tokens.prefix(Int(count)))
    }

    /// The UTF-8 byte range each token covers in the text of `tokens`.
    public func byteRanges(of tokens: [TokenID]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var offset = 0
        for token in tokens {
            let length = piece(token).count
            ranges.append(offset..<(offset + length))
            offset += length
        }
        return ranges
    }

    /// The single token that `text` tokenizes to, or `nil` if it takes several.
    public func singleToken(_ text: String) -> TokenID? {
        guard let tokens = try? tokenize(text), tokens.count == 1 else { return nil }
        return tokens[0]
    }

    /// The text of `tokens`, special tokens rendered.
    public func detokenize(_ tokens: [TokenID]) -> String {
        var bytes: [UInt8] = []
        for token in tokens { bytes.append(contentsOf: piece(token)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Chat template

    /// The chat template stored in the GGUF metadata, if any.
    public var chatTemplate: String? {
        llama_model_chat_template(pointer, nil).map { String(cString: $0) }
    }

    /// Renders `messages` with `template` (default: the model's own), opening an assistant turn unless told not to.
    ///
    /// - Throws: ``LlamaError`` when there is no template or llama.cpp does not support it.
    public func applyChatTemplate(
        _ messages: [ChatMessage], template override: String? = nil, openAssistantTurn: Bool = true
    ) throws -> String {
        guard let template = override ?? chatTemplate else { throw LlamaError.noChatTemplate(model: name) }
        let roles = messages.map { strdup($0.role.rawValue) }
        let contents = messages.map { strdup($0.content) }
        defer {
            roles.forEach { free($0) }
            contents.forEach { free($0) }
        }
        var chat = zip(roles, contents).map { llama_chat_message(role: $0, content: $1) }
        let estimate = 2 * messages.reduce(256) { $0 + $1.content.utf8.count }
        var buffer = [CChar](repeating: 0, count: estimate)
        var length = llama_chat_apply_template(
            template, &chat, chat.count, openAssistantTurn, &buffer, Int32(buffer.count))
        if length > Int32(buffer.count) {
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            length = llama_chat_apply_template(
                template, &chat, chat.count, openAssistantTurn, &buffer, Int32(buffer.count))
        }
        guard length >= 0 else { throw LlamaError.templateFailed(model: name, template: template) }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
