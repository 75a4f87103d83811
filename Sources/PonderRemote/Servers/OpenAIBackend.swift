import PonderCore

/// OpenAI-compatible servers (vLLM, SGLang): `/tokenize` with messages renders prompts; `/v1/completions`
/// continues token ids and returns `token_ids` (``ServerCapabilities/Dialect/openAITokens``), or, on servers
/// without token ids, text (``ServerCapabilities/Dialect/openAIText``).
///
/// Each token's text comes from the per-token strings of `logprobs`. They are checked against the reply's
/// text; where they do not spell it (a character split across tokens), step texts are decoded by `/detokenize`.
struct OpenAIBackend: GenerationBackend {
    let capabilities: ServerCapabilities
    let transport: RemoteTransport
    let apiKey: APIKey?

    private var model: String { capabilities.model }
    private var tokenMode: Bool { capabilities.dialect == .openAITokens }

    func render(_ messages: [ChatMessage], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> Prompt
    {
        let tokens = try await renderTokens(messages, addGenerationPrompt: true, on: endpoint, deadline: deadline)
        return Prompt(text: try await detokenize(tokens, on: endpoint, deadline: deadline), tokens: tokens)
    }

    func renderTokens(_ messages: [ChatMessage], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> [TokenID]
    {
        try await renderTokens(messages, addGenerationPrompt: true, on: endpoint, deadline: deadline)
    }

    /// The server's chat template applied to `messages`, as token ids.
    func renderTokens(
        _ messages: [ChatMessage], addGenerationPrompt: Bool, on endpoint: Endpoint, deadline: ContinuousClock.Instant
    )
        async throws -> [TokenID]
    {
        try await transport.post(
            "/tokenize", to: endpoint,
            body: VLLMTokenizeChat(
                model: model, messages: messages.map(WireMessage.init), add_generation_prompt: addGenerationPrompt),
            apiKey: apiKey, deadline: deadline, as: VLLMTokenizeResponse.self
        ).tokens
    }

    func generate(
        _ call: GenerationCall, parameters: SamplingParameters, on endpoint: Endpoint,
        deadline: ContinuousClock.Instant,
        progress: ProgressTracker?
    ) async throws -> [GeneratedOutput] {
        let stop = call.stopAtDelimiter
        let request = CompletionRequest(
            model: model, prompt: tokenMode ? .tokens(call.tokens) : .text(call.text), max_tokens: call.maxTokens,
            n: call.count, seed: call.seed, temperature: parameters.temperature, top_p: parameters.topP,
            top_k: parameters.topK > 0 ? parameters.topK : -1, stop: stop ? [parameters.stepDelimiter] : nil,
            include_stop_str_in_output: stop ? true : nil, logprobs: 0, return_token_ids: tokenMode ? true : nil,
            add_special_tokens: tokenMode ? nil : false)
        let reply = try await transport.post(
            "/v1/completions", to: endpoint, body: request, apiKey: apiKey, deadline: deadline,
            as: CompletionResponse.self)
        let outputs = try Self.outputs(of: reply, count: call.count, tokenMode: tokenMode, endpoint: endpoint)
        progress?.generated(outputs.reduce(0) { $0 + $1.tokens.count })
        return outputs
    }

    /// Reads a `/v1/completions` reply: one output per choice, in index order.
    static func outputs(of reply: CompletionResponse, count: Int, tokenMode: Bool, endpoint: Endpoint) throws
        -> [GeneratedOutput]
    {
        let path = "/v1/completions"
        func malformed(_ detail: String) -> RemoteError {
            RemoteError.malformedResponse(endpoint: endpoint.baseURL, path: path, detail: detail)
        }
        let choices = reply.choices.sorted { $0.index < $1.index }
        guard choices.count == count, choices.map(\.index) == Array(0..<count) else {
            throw malformed("\(reply.choices.count) choices where \(count) were asked for")
        }
        guard let usage = reply.usage else { throw malformed("missing field 'usage'") }
        // A missing `cached_tokens` means unknown (vLLM reports it only with --enable-prompt-tokens-details):
        // every prompt token then counts as evaluated.
        let cached = min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens)
        var outputs: [GeneratedOutput] = []
        for (offset, choice) in choices.enumerated() {
            guard let strings = choice.logprobs?.tokens else {
                throw malformed("missing field 'choices[\(offset)].logprobs.tokens'")
            }
            if let first = strings.first, first.hasPrefix("token_id:") {
                throw RemoteError.unsupported(
                    endpoint: endpoint.baseURL,
                    feature:
                        "per-token text in log-probabilities (it returns '\(first)'; drop --return-tokens-as-token-ids)"
                )
            }
            var tokens: [TokenID]
            if tokenMode {
                guard let ids = choice.token_ids else {
                    throw malformed("missing field 'choices[\(offset)].token_ids'")
                }
                tokens = ids
            } else {
                tokens = Array(repeating: -1, count: strings.count)
            }
            guard strings.count == tokens.count else {
                throw malformed(
                    "choice \(offset) has \(tokens.count) token ids but \(strings.count) log-probability tokens")
            }
            var pieces = strings.map { Array($0.utf8) }
            var logProbabilities = (choice.logprobs?.token_logprobs ?? []).map { Float($0 ?? 0) }
            if logProbabilities.count != tokens.count { logProbabilities = Array(repeating: 0, count: tokens.count) }
            let generated = tokens.count
            let end: GeneratedOutput.End
            switch (choice.finish_reason, choice.stop_reason) {
            case ("stop", .text?):
                end = .stopString
            case ("stop", _):
                // An end-of-generation or stop token ended it; vLLM keeps that token in `token_ids`.
                end = .endOfGeneration
                if !tokens.isEmpty {
                    tokens.removeLast()
                    pieces.removeLast()
                    logProbabilities.removeLast()
                }
            case ("length", _):
                end = .length
            default:
                throw malformed("unknown finish_reason '\(choice.finish_reason ?? "null")' in choice \(offset)")
            }
            let spelled = String(decoding: pieces.joined(), as: UTF8.self)
            let exact = !spelled.unicodeScalars.contains("\u{FFFD}") && spelled.hasPrefix(choice.text)
            let promptUsage =
                offset == 0
                ? TokenUsage(promptTokensEvaluated: usage.prompt_tokens - cached, promptTokensReused: cached)
                : TokenUsage(promptTokensReused: usage.prompt_tokens)
            outputs.append(
                GeneratedOutput(
                    tokens: tokens, pieces: pieces, logProbabilities: logProbabilities, end: end,
                    usage: promptUsage + TokenUsage(generatedTokens: generated), piecesExact: exact))
        }
        return outputs
    }

    func tokenize(_ text: String, on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws -> [TokenID] {
        try await transport.post(
            "/tokenize", to: endpoint, body: VLLMTokenizeText(model: model, prompt: text, add_special_tokens: false),
            apiKey: apiKey, deadline: deadline, as: VLLMTokenizeResponse.self
        ).tokens
    }

    /// Tokenizes text as the model reads a whole input: special tokens (a beginning-of-sequence token) added.
    func tokenizeWithSpecial(_ text: String, on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> [TokenID]
    {
        try await transport.post(
            "/tokenize", to: endpoint, body: VLLMTokenizeText(model: model, prompt: text, add_special_tokens: true),
            apiKey: apiKey, deadline: deadline, as: VLLMTokenizeResponse.self
        ).tokens
    }

    func detokenize(_ tokens: [TokenID], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> String
    {
        let reply = try await transport.post(
            "/detokenize", to: endpoint, body: DetokenizeRequest(model: model, tokens: tokens), apiKey: apiKey,
            deadline: deadline, as: DetokenizeResponse.self)
        guard let text = reply.text else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/detokenize", detail: "missing field 'prompt'")
        }
        return text
    }

    func nextTokens(after tokens: [TokenID], topK: Int, on endpoint: Endpoint, deadline: ContinuousClock.Instant)
        async throws -> NextTokenDistribution
    {
        let distributions = try await promptDistributions(
            tokens, topK: topK, promptLogProbabilities: false, on: endpoint, deadline: deadline)
        return NextTokenDistribution(logProbabilities: distributions.next, usage: distributions.usage)
    }

    /// One greedy token after `tokens` with the top-`topK` log-probabilities there and, if asked, at every
    /// prompt position (`prompt_logprobs`). Keys come back as `token_id:N` (`return_tokens_as_token_ids`).
    func promptDistributions(
        _ tokens: [TokenID], topK: Int, promptLogProbabilities: Bool, on endpoint: Endpoint,
        deadline: ContinuousClock.Instant
    ) async throws -> PromptDistributions {
        let path = "/v1/completions"
        let request = CompletionRequest(
            model: model, prompt: .tokens(tokens), max_tokens: 1, seed: 0, temperature: 0, top_p: 1, top_k: -1,
            logprobs: topK, prompt_logprobs: promptLogProbabilities ? topK : nil,
            return_token_ids: tokenMode ? true : nil,
            return_tokens_as_token_ids: true)
        let reply = try await transport.post(
            path, to: endpoint, body: request, apiKey: apiKey, deadline: deadline, as: CompletionResponse.self)
        func malformed(_ detail: String) -> RemoteError {
            RemoteError.malformedResponse(endpoint: endpoint.baseURL, path: path, detail: detail)
        }
        guard let choice = reply.choices.first else { throw malformed("no choices") }
        guard let top = choice.logprobs?.top_logprobs?.first ?? nil else {
            throw malformed("missing field 'choices[0].logprobs.top_logprobs[0]'")
        }
        var next: [TokenID: Float] = [:]
        for (key, value) in top {
            guard key.hasPrefix("token_id:"), let id = TokenID(key.dropFirst("token_id:".count)) else {
                throw malformed("log-probability key '\(key)' is not 'token_id:N'")
            }
            next[id] = Float(value)
        }
        var positions: [[TokenID: Float]] = []
        if promptLogProbabilities {
            guard let entries = choice.prompt_logprobs, entries.count == tokens.count else {
                throw malformed(
                    "expected \(tokens.count) 'prompt_logprobs' entries, got \(choice.prompt_logprobs?.count ?? 0)")
            }
            for entry in entries {
                var position: [TokenID: Float] = [:]
                for (key, value) in entry ?? [:] {
                    let digits = key.hasPrefix("token_id:") ? String(key.dropFirst("token_id:".count)) : key
                    guard let id = TokenID(digits) else {
                        throw malformed("prompt log-probability key '\(key)' is not a token id")
                    }
                    position[id] = Float(value.logprob)
                }
                positions.append(position)
            }
        }
        let cached = min(reply.usage?.prompt_tokens_details?.cached_tokens ?? 0, reply.usage?.prompt_tokens ?? 0)
        let usage = TokenUsage(
            promptTokensEvaluated: (reply.usage?.prompt_tokens ?? tokens.count) - cached, promptTokensReused: cached,
            generatedTokens: 1)
        return PromptDistributions(positions: positions, next: next, usage: usage)
    }
}
