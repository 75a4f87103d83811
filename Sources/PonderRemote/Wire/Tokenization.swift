import PonderCore

/// A chat message on the wire.
struct WireMessage: Codable, Sendable, Hashable {
    var role: String
    var content: String

    init(_ message: ChatMessage) {
        role = message.role.rawValue
        content = message.content
    }
}

/// vLLM's `POST /tokenize`, completion form.
struct VLLMTokenizeText: Encodable, Sendable {
    var model: String?
    var prompt: String
    var add_special_tokens: Bool
}

/// vLLM's `POST /tokenize`, chat form: the server's chat template applied to `messages`.
struct VLLMTokenizeChat: Encodable, Sendable {
    var model: String?
    var messages: [WireMessage]
    var add_generation_prompt: Bool
    var continue_final_message = false
    var add_special_tokens = false
}

/// vLLM's `/tokenize` reply.
struct VLLMTokenizeResponse: Decodable, Sendable {
    var tokens: [TokenID]
    var count: Int?
    var max_model_len: Int?
}

/// `POST /detokenize` (vLLM: `tokens` in, `prompt` out; llama-server: `tokens` in, `content` out).
struct DetokenizeRequest: Encodable, Sendable {
    var model: String?
    var tokens: [TokenID]
}

/// The `/detokenize` reply of either server.
struct DetokenizeResponse: Decodable, Sendable {
    var prompt: String?
    var content: String?

    var text: String? { prompt ?? content }
}

/// llama-server's `POST /tokenize`.
struct LlamaTokenize: Encodable, Sendable {
    var content: String
    var add_special: Bool
    var parse_special = true
}

/// llama-server's `/tokenize` reply.
struct LlamaTokenizeResponse: Decodable, Sendable {
    var tokens: [TokenID]
}

/// llama-server's `POST /apply-template`.
struct LlamaApplyTemplate: Encodable, Sendable {
    var messages: [WireMessage]
}

/// llama-server's `/apply-template` reply.
struct LlamaApplyTemplateResponse: Decodable, Sendable {
    var prompt: String
}
