public import Logging
public import PonderCore

/// A token-label process reward model (Math-Shepherd, RLHFlow: a ``PRMFormat``) served generatively by an
/// OpenAI-compatible server, read through prompt log-probabilities (vLLM `prompt_logprobs`).
///
/// One completion request per path returns the top log-probabilities at every prompt position; a step's score
/// is the softmax over the two labels at its read position (``LabelScore``). Read positions are found with the
/// server's own tokenizer: the plain layout tokenizes the text up to each tag, the chat layout renders the
/// conversation up to each assistant label with the server's chat template; each prefix must tokenize to a
/// prefix of the whole input.
///
/// llama-server returns no prompt log-probabilities, so it cannot serve this verifier.
public struct RemoteTokenLabelPRM: ProcessRewardModel {
    /// The model's identity, for accounting.
    public let modelDescriptor: ModelDescriptor
    /// How paths are rendered and read.
    public let format: PRMFormat
    let configuration: RemoteConfiguration
    let backend: OpenAIBackend
    let pool: ReplicaPool
    let good: TokenID
    let bad: TokenID
    let logger: Logger

    /// Probes the servers and finds the label tokens.
    ///
    /// - Throws: ``RemoteError`` when no server answers, the server cannot return prompt log-probabilities
    ///   (llama-server), or a label is not one token; ``PonderError`` for an invalid format.
    public static func connect(
        _ configuration: RemoteConfiguration, format: PRMFormat, transport: RemoteTransport,
        logger: Logger = Logger(label: "ponder.remote.verifier")
    ) async throws -> RemoteTokenLabelPRM {
        let format = try format.validated()
        let configuration = try configuration.validated()
        let group = try await ServerGroup.connect(
            role: "verifier", configuration: configuration, transport: transport, logger: logger)
        guard group.capabilities.dialect != .llamaServer else {
            throw RemoteError.unsupported(
                endpoint: configuration.endpoints[0].baseURL,
                feature: "prompt log-probabilities (token-label PRMs need vLLM's 'prompt_logprobs')")
        }
        let backend = OpenAIBackend(
            capabilities: group.capabilities, transport: transport, apiKey: configuration.apiKey)
        let (good, bad) = try await group.singleTokens(
            format.goodLabel, format.badLabel, backend: backend, configuration: configuration,
            requirement:
                "PRM format '\(format.name)': labels '\(format.goodLabel)' and '\(format.badLabel)' must each be one token"
        )
        return RemoteTokenLabelPRM(
            modelDescriptor: group.capabilities.modelDescriptor,
            format: format, configuration: configuration, backend: backend, pool: group.pool, good: good,
            bad: bad, logger: logger)
    }

    public var name: String { format.name }
    public var descriptor: ModelDescriptor? { modelDescriptor }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        try await VerifierRequests.score(requests, logger: logger) { request in
            let key = AffinityKey(text: request.problem.statement)
            return try await pool.perform(key: key, deadline: .now + configuration.timeout) { endpoint, deadline in
                let (tokens, reads) = try await readout(for: request, on: endpoint, deadline: deadline)
                let distributions = try await backend.promptDistributions(
                    tokens, topK: configuration.topLogProbabilities, promptLogProbabilities: true, on: endpoint,
                    deadline: deadline)
                var scores: [Double] = []
                for read in reads {
                    let distribution = read < tokens.count ? distributions.positions[read] : distributions.next
                    scores.append(
                        try LabelScore.score(
                            distribution, good: good, bad: bad, position: read, endpoint: endpoint.baseURL))
                }
                return StepScores(scores: scores, usage: distributions.usage)
            }
        }
    }

    /// The path's tokens and, per scored step, the index of the distribution to read: entry `t` of the prompt
    /// log-probabilities is the distribution of token `t` given the tokens before it; `tokens.count` means the
    /// distribution after the last token.
    func readout(for request: StepScoringRequest, on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> (tokens: [TokenID], reads: [Int])
    {
        let steps = request.steps.map(\.text)
        let tokens: [TokenID]
        var reads: [Int] = []
        func checkPrefix(_ prefix: [TokenID], step: Int) throws {
            guard prefix.count <= tokens.count, Array(tokens.prefix(prefix.count)) == prefix else {
                throw RemoteError.unsupported(
                    endpoint: endpoint.baseURL,
                    feature:
                        "PRM format '\(format.name)' with this tokenizer: the input up to step \(step + 1) does not tokenize to a prefix of the whole"
                )
            }
        }
        switch format.layout {
        case .plain:
            let rendered = format.renderPlain(question: request.problem.statement, steps: steps)
            tokens = try await backend.tokenizeWithSpecial(rendered.text, on: endpoint, deadline: deadline)
            let bytes = Array(rendered.text.utf8)
            for step in request.firstStep..<steps.count {
                let prefixText = String(decoding: bytes.prefix(rendered.tagEnds[step]), as: UTF8.self)
                let prefix = try await backend.tokenizeWithSpecial(prefixText, on: endpoint, deadline: deadline)
                try checkPrefix(prefix, step: step)
                // The tag's last token is at prefix.count - 1; the distribution its logits give is entry prefix.count.
                reads.append(prefix.count)
            }
        case .chat:
            let messages = format.chatMessages(question: request.problem.statement, steps: steps)
            tokens = try await backend.renderTokens(
                messages, addGenerationPrompt: false, on: endpoint, deadline: deadline)
            let leading = format.system == nil ? 0 : 1
            for step in request.firstStep..<steps.count {
                // The conversation up to the step's user turn, with the assistant header the label follows.
                let upToUser = Array(messages.prefix(leading + 2 * step + 1))
                let prefix = try await backend.renderTokens(
                    upToUser, addGenerationPrompt: true, on: endpoint, deadline: deadline)
                try checkPrefix(prefix, step: step)
                guard prefix.count < tokens.count, tokens[prefix.count] == good else {
                    throw RemoteError.unsupported(
                        endpoint: endpoint.baseURL,
                        feature:
                            "PRM format '\(format.name)' with this chat template: label '\(format.goodLabel)' does not follow the assistant header of step \(step + 1)"
                    )
                }
                reads.append(prefix.count)
            }
        }
        return (tokens, reads)
    }
}
