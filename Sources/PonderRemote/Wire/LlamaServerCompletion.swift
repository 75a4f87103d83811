import PonderCore

/// llama-server's native `POST /completion` with token ids. Its own sampler defaults (top-k 40, top-p 0.95,
/// min-p 0.05, DRY, XTC, penalties) are all overridden so sampling is the engine's: temperature, top-k and
/// top-p only, in that chain.
struct LlamaCompletionRequest: Encodable, Sendable {
    var prompt: [TokenID]
    var n_predict: Int
    var n_cmpl: Int = 1
    var stream = true
    var return_tokens = true
    var cache_prompt = true
    var n_probs = 1
    var post_sampling_probs = false
    var seed: UInt32
    var temperature: Double
    /// 0 turns top-k off.
    var top_k: Int
    var top_p: Double
    var min_p: Double = 0
    var typical_p: Double = 1
    var top_n_sigma: Double = -1
    var xtc_probability: Double = 0
    var dry_multiplier: Double = 0
    var repeat_penalty: Double = 1
    var presence_penalty: Double = 0
    var frequency_penalty: Double = 0
    var mirostat = 0
    var dynatemp_range: Double = 0
    var samplers = ["top_k", "top_p", "temperature"]
    var stop: [String]
}

/// One server-sent event of a streamed `/completion`: one token, or the final summary (`stop: true`).
struct LlamaCompletionChunk: Decodable, Sendable {
    struct Probability: Decodable, Sendable {
        var id: TokenID
        var token: String?
        var bytes: [UInt8]?
        var logprob: Double?
        var top_logprobs: [TopProbability]?
    }

    struct TopProbability: Decodable, Sendable {
        var id: TokenID
        var logprob: Double
        /// The token's exact bytes (the sampled entry's own `bytes` are the text sent instead).
        var bytes: [UInt8]?
    }

    struct Timings: Decodable, Sendable {
        var cache_n: Int?
        var prompt_n: Int?
        var predicted_n: Int?
    }

    var index: Int?
    var content: String?
    var tokens: [TokenID]?
    var stop: Bool?
    var stop_type: String?
    var tokens_predicted: Int?
    var tokens_evaluated: Int?
    var tokens_cached: Int?
    var timings: Timings?
    var completion_probabilities: [Probability]?
    var error: ErrorBody.Detail?
}

/// A non-streamed `/completion` reply, used where only the next-token log-probabilities matter (verifiers).
typealias LlamaCompletionResult = LlamaCompletionChunk
