/// vLLM's `POST /pooling`, chat form: the server renders `messages` with its template.
struct PoolingChatRequest: Encodable, Sendable {
    var model: String?
    var messages: [WireMessage]
    var add_generation_prompt = false
    var continue_final_message = false
    var task: String? = "token_classify"
}

/// vLLM's `/pooling` reply: per input, one row per step tag (`[p_bad, p_good]` for Qwen2.5-Math-PRM).
struct PoolingResponse: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var index: Int?
        var data: Rows
    }

    /// The rows of one input. Parsed defensively: vLLM has returned a bare number or a flat row for short
    /// inputs (vLLM #33873), which read as a single row here and then fail the row-count check.
    struct Rows: Decodable, Sendable {
        var rows: [[Double]]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let rows = try? container.decode([[Double]].self) {
                self.rows = rows
            } else if let row = try? container.decode([Double].self) {
                self.rows = [row]
            } else {
                self.rows = [[try container.decode(Double.self)]]
            }
        }
    }

    struct Usage: Decodable, Sendable {
        var prompt_tokens: Int?
    }

    var data: [Item]
    var usage: Usage?
}
