/// `GET /v1/models`: vLLM lists `max_model_len`; llama-server adds `meta` with the parameter count.
struct ModelList: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        struct Meta: Decodable, Sendable {
            var n_params: UInt64?
            var n_ctx_train: Int?
        }
        var id: String
        var max_model_len: Int?
        var meta: Meta?
    }

    var data: [Model]
}

/// llama-server's `GET /props`.
struct LlamaProps: Decodable, Sendable {
    struct Settings: Decodable, Sendable {
        var n_ctx: Int?
    }
    var total_slots: Int?
    var default_generation_settings: Settings?
    var bos_token: String?
    var build_info: String?
    var model_path: String?
}
