import Logging
import PonderCore

/// Finds out at start-up what each server is and can do: `GET /v1/models` for the model name and context,
/// `GET /props` for llama-server's slots, `/tokenize` for a tokenizer, and a one-token completion to see
/// whether token ids come back.
struct ServerProbe: Sendable {
    /// What the servers are asked to do.
    enum Purpose: Sendable {
        /// Generate and score with log-probabilities: completions, tokenization.
        case generation
        /// Run a pooling model (vLLM `--runner pooling`): `/pooling` only, so only `/v1/models` is probed.
        case pooling
    }

    let transport: RemoteTransport
    let configuration: RemoteConfiguration
    let purpose: Purpose

    /// Probes one server.
    ///
    /// - Throws: ``RemoteError`` when the server cannot be reached, lacks `/tokenize`, or does not serve the
    ///   configured model.
    func probe(_ endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws -> ServerCapabilities {
        let key = configuration.apiKey
        let models = try await transport.get(
            "/v1/models", from: endpoint, apiKey: key, deadline: deadline, as: ModelList.self)
        let model = try chooseModel(models, endpoint: endpoint)
        if purpose == .pooling {
            return ServerCapabilities(
                dialect: .openAITokens, model: model.id, contextLength: model.max_model_len, supportsN: false)
        }
        let props: LlamaProps?
        do {
            props = try await transport.get(
                "/props", from: endpoint, apiKey: key, deadline: deadline, as: LlamaProps.self)
        } catch let error as RemoteError where error.status == 404 || error.status == 405 {
            props = nil
        } catch let error as RemoteError where error.code == .malformedResponse {
            props = nil
        }
        if let props, let slots = props.total_slots {
            return try await probeLlamaServer(endpoint, model: model, props: props, slots: slots, deadline: deadline)
        }
        return try await probeOpenAI(endpoint, model: model, deadline: deadline)
    }

    private func chooseModel(_ models: ModelList, endpoint: Endpoint) throws -> ModelList.Model {
        if let wanted = configuration.model {
            guard let model = models.data.first(where: { $0.id == wanted }) else {
                throw RemoteError.unsupported(
                    endpoint: endpoint.baseURL,
                    feature: "model '\(wanted)' (it serves \(models.data.map { "'\($0.id)'" }.joined(separator: ", ")))"
                )
            }
            return model
        }
        guard let first = models.data.first else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/v1/models", detail: "no models listed")
        }
        return first
    }

    private func probeLlamaServer(
        _ endpoint: Endpoint, model: ModelList.Model, props: LlamaProps, slots: Int, deadline: ContinuousClock.Instant
    ) async throws -> ServerCapabilities {
        let key = configuration.apiKey
        let tokens = try await transport.post(
            "/tokenize", to: endpoint, body: LlamaTokenize(content: "Hi", add_special: false), apiKey: key,
            deadline: deadline, as: LlamaTokenizeResponse.self
        ).tokens
        guard let first = tokens.first else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/tokenize", detail: "no tokens for 'Hi'")
        }
        var probe = LlamaCompletionRequest(
            prompt: [first], n_predict: 1, seed: 0, temperature: 0, top_k: 0, top_p: 1, stop: [])
        probe.stream = false
        let reply = try await transport.post(
            "/completion", to: endpoint, body: probe, apiKey: key, deadline: deadline, as: LlamaCompletionResult.self)
        guard let generated = reply.tokens, !generated.isEmpty || reply.stop_type == "eos" else {
            throw RemoteError.unsupported(
                endpoint: endpoint.baseURL, feature: "token ids from /completion ('return_tokens')")
        }
        return ServerCapabilities(
            dialect: .llamaServer, model: model.id, contextLength: props.default_generation_settings?.n_ctx,
            slots: slots, parameterCount: model.meta?.n_params, supportsN: slots > 1, bosText: props.bos_token)
    }

    private func probeOpenAI(_ endpoint: Endpoint, model: ModelList.Model, deadline: ContinuousClock.Instant)
        async throws
        -> ServerCapabilities
    {
        let key = configuration.apiKey
        let tokenized: VLLMTokenizeResponse
        do {
            tokenized = try await transport.post(
                "/tokenize", to: endpoint,
                body: VLLMTokenizeText(model: model.id, prompt: "Hi", add_special_tokens: false),
                apiKey: key, deadline: deadline, as: VLLMTokenizeResponse.self)
        } catch let error as RemoteError where error.status == 404 {
            throw RemoteError.unsupported(endpoint: endpoint.baseURL, feature: "/tokenize (needed to render prompts)")
        }
        guard !tokenized.tokens.isEmpty else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/tokenize", detail: "no tokens for 'Hi'")
        }
        let probe = CompletionRequest(
            model: model.id, prompt: .tokens(tokenized.tokens), max_tokens: 1, seed: 0, temperature: 0, top_p: 1,
            top_k: -1, logprobs: 0, return_token_ids: true)
        let reply = try await transport.post(
            "/v1/completions", to: endpoint, body: probe, apiKey: key, deadline: deadline, as: CompletionResponse.self)
        guard let choice = reply.choices.first else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/v1/completions", detail: "no choices")
        }
        return ServerCapabilities(
            dialect: choice.token_ids == nil ? .openAIText : .openAITokens, model: model.id,
            contextLength: model.max_model_len ?? tokenized.max_model_len, supportsN: true)
    }
}

/// The servers of one role, probed: their common capabilities and a pool to run requests on them.
struct ServerGroup: Sendable {
    let capabilities: ServerCapabilities
    let pool: ReplicaPool

    /// Probes every endpoint at once; unreachable ones start taken out of the pool.
    ///
    /// - Throws: ``RemoteError`` when no server answers, or the servers disagree on model or dialect.
    static func connect(
        role: String, purpose: ServerProbe.Purpose = .generation, configuration: RemoteConfiguration,
        transport: RemoteTransport, logger: Logger
    ) async throws -> ServerGroup {
        let configuration = try configuration.validated()
        let probe = ServerProbe(transport: transport, configuration: configuration, purpose: purpose)
        let deadline = ContinuousClock.now + min(configuration.timeout, configuration.connectTimeout)
        let results = await withTaskGroup(of: (Int, Result<ServerCapabilities, any Error>).self) { group in
            for (index, endpoint) in configuration.endpoints.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await probe.probe(endpoint, deadline: deadline)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<ServerCapabilities, any Error>?](repeating: nil, count: configuration.endpoints.count)
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
        try Task.checkCancellation()
        var found: [(Int, ServerCapabilities)] = []
        var firstError: (any Error)?
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let capabilities):
                found.append((index, capabilities))
                logger.debug(
                    "Server probed",
                    metadata: [
                        "role": "\(role)", "server": "\(configuration.endpoints[index])",
                        "capabilities": "\(capabilities)",
                    ])
            case .failure(let error):
                firstError = firstError ?? error
                logger.warning(
                    "Server unavailable at start-up",
                    metadata: ["role": "\(role)", "server": "\(configuration.endpoints[index])", "error": "\(error)"])
            }
        }
        guard let (_, reference) = found.first else {
            if configuration.endpoints.count == 1, let firstError { throw firstError }
            throw RemoteError.noReplicaAvailable(
                role: role, replicas: configuration.endpoints.count, lastError: firstError.map { "\($0)" })
        }
        for (index, capabilities) in found.dropFirst() {
            guard capabilities.model == reference.model, capabilities.dialect == reference.dialect else {
                throw RemoteError.invalidConfiguration(
                    "\(role) replica '\(configuration.endpoints[index])'", "\(capabilities)",
                    expected: "the same model and API as '\(configuration.endpoints[found[0].0])' (\(reference))")
            }
        }
        var merged = reference
        merged.contextLength = found.compactMap(\.1.contextLength).min()
        merged.slots = found.compactMap(\.1.slots).min()
        merged.supportsN = found.allSatisfy(\.1.supportsN)
        if let parameterCount = configuration.parameterCount { merged.parameterCount = parameterCount }
        let capacities = configuration.endpoints.indices.map { index in
            configuration.maxInFlight
                ?? found.first(where: { $0.0 == index })?.1.slots
                ?? reference.slots
                ?? RemoteConfiguration.defaultInFlight
        }
        let pool = ReplicaPool(
            role: role, endpoints: configuration.endpoints, capacities: capacities, retry: configuration.retry,
            cooldown: configuration.cooldown, logger: logger)
        for index in configuration.endpoints.indices where !found.contains(where: { $0.0 == index }) {
            await pool.markUnreachable(index)
        }
        return ServerGroup(capabilities: merged, pool: pool)
    }
}

extension ServerGroup {
    /// The token ids of two label strings (a judge's "Yes"/"No", a PRM's good/bad label), tokenized on one
    /// replica; each must be a single token.
    ///
    /// - Throws: ``RemoteError/unsupported(endpoint:feature:)`` naming `requirement` when one is not.
    func singleTokens(
        _ first: String, _ second: String, backend: any GenerationBackend, configuration: RemoteConfiguration,
        requirement: String
    ) async throws -> (TokenID, TokenID) {
        let labels = try await pool.perform(key: AffinityKey(0), deadline: .now + configuration.timeout) {
            endpoint, deadline in
            [
                try await backend.tokenize(first, on: endpoint, deadline: deadline),
                try await backend.tokenize(second, on: endpoint, deadline: deadline),
            ]
        }
        guard labels[0].count == 1, labels[1].count == 1 else {
            throw RemoteError.unsupported(endpoint: configuration.endpoints[0].baseURL, feature: requirement)
        }
        return (labels[0][0], labels[1][0])
    }
}
