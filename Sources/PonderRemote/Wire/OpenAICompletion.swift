import PonderCore

/// A prompt as OpenAI-compatible servers take it: token ids (used as they are) or text.
enum PromptInput: Encodable, Sendable, Hashable {
    case tokens([TokenID])
    case text(String)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .tokens(let tokens): try container.encode(tokens)
        case .text(let text): try container.encode(text)
        }
    }
}

/// `POST /v1/completions` (vLLM and other OpenAI-compatible servers). Every sampling parameter is sent, since
/// vLLM otherwise falls back to the model's `generation_config.json`.
struct CompletionRequest: Encodable, Sendable {
    var model: String
    var prompt: PromptInput
    var max_tokens: Int
    var n: Int = 1
    var seed: UInt32?
    var temperature: Double
    var top_p: Double
    /// -1 turns top-k off on every vLLM version (newer ones prefer 0 but accept -1).
    var top_k: Int
    var min_p: Double = 0
    var presence_penalty: Double = 0
    var frequency_penalty: Double = 0
    var repetition_penalty: Double = 1
    var stop: [String]?
    var include_stop_str_in_output: Bool?
    var logprobs: Int?
    var prompt_logprobs: Int?
    var return_token_ids: Bool?
    var return_tokens_as_token_ids: Bool?
    var add_special_tokens: Bool?
    var skip_special_tokens: Bool?
}

/// The reply of `POST /v1/completions`.
struct CompletionResponse: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        var index: Int
        var text: String
        var finish_reason: String?
        var stop_reason: StopReason?
        var logprobs: Logprobs?
        var token_ids: [TokenID]?
        var prompt_token_ids: [TokenID]?
        /// Per prompt position: `null` for the first, then token id (as a string) to its log-probability.
        var prompt_logprobs: [[String: PromptLogprob]?]?
    }

    /// vLLM's `stop_reason`: the stop string or stop token id that matched, `null` otherwise.
    enum StopReason: Decodable, Sendable, Hashable {
        case text(String)
        case token(Int)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let token = try? container.decode(Int.self) {
                self = .token(token)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    struct Logprobs: Decodable, Sendable {
        var tokens: [String]?
        var token_logprobs: [Double?]?
        var top_logprobs: [[String: Double]?]?
        var text_offset: [Int]?
    }

    struct PromptLogprob: Decodable, Sendable {
        var logprob: Double
        var rank: Int?
        var decoded_token: String?
    }

    struct Usage: Decodable, Sendable {
        struct Details: Decodable, Sendable {
            var cached_tokens: Int?
        }
        var prompt_tokens: Int
        var completion_tokens: Int?
        var prompt_tokens_details: Details?
    }

    var choices: [Choice]
    var usage: Usage?
}

/// The error body OpenAI-compatible servers send with 4xx and 5xx statuses.
struct ErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var message: String?
    }

    /// OpenAI and llama-server: `{"error": {"message": …}}`; vLLM (some versions): `{"message": …}`.
    var error: Detail?
    var message: String?
    var detail: String?

    var text: String? { error?.message ?? message ?? detail }
}
