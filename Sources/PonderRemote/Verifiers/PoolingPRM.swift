public import Logging
public import PonderCore

/// A Qwen2.5-Math-PRM-style process reward model on vLLM's `/pooling` (`Qwen2ForProcessRewardModel`, step
/// pooling on `<extra_0>`): the steps, stripped, joined and ended with the step tag as the assistant turn,
/// after the paper's system prompt and the problem; one `[p_bad, p_good]` row comes back per tag, and a step's
/// score is the row's second value.
///
/// The number of rows is checked against the tags sent: a mismatch (vLLM #33873 returned a bare value for short
/// inputs) is an error, never silently misaligned scores.
public struct PoolingPRM: ProcessRewardModel {
    /// The model's identity, for accounting.
    public let modelDescriptor: ModelDescriptor
    let configuration: RemoteConfiguration
    let transport: RemoteTransport
    let pool: ReplicaPool
    let model: String
    let logger: Logger
    /// The system message before the problem.
    public let systemPrompt: String
    /// The tag that ends every step and marks where it is scored.
    public let stepTag: String

    /// Qwen2.5-Math-PRM's step tag.
    public static let qwenStepTag = "<extra_0>"

    /// Probes the servers (`/v1/models`; a pooling server has no completions).
    ///
    /// - Throws: ``RemoteError`` when no server answers or none serves the configured model.
    public static func connect(
        _ configuration: RemoteConfiguration, transport: RemoteTransport,
        systemPrompt: String = PromptStyle.qwenSystemPrompt, stepTag: String = qwenStepTag,
        logger: Logger = Logger(label: "ponder.remote.verifier")
    ) async throws -> PoolingPRM {
        let configuration = try configuration.validated()
        guard !stepTag.isEmpty else {
            throw RemoteError.invalidConfiguration("step tag", stepTag, expected: "a non-empty tag")
        }
        let group = try await ServerGroup.connect(
            role: "verifier", purpose: .pooling, configuration: configuration, transport: transport, logger: logger)
        return PoolingPRM(
            modelDescriptor: group.capabilities.modelDescriptor,
            configuration: configuration, transport: transport, pool: group.pool, model: group.capabilities.model,
            logger: logger, systemPrompt: systemPrompt, stepTag: stepTag)
    }

    public var name: String { "pooling-prm" }
    public var descriptor: ModelDescriptor? { modelDescriptor }

    /// The conversation `/pooling` scores for `steps`.
    public func messages(problem: Problem, steps: [String]) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if !systemPrompt.isEmpty { messages.append(ChatMessage(role: .system, content: systemPrompt)) }
        messages.append(ChatMessage(role: .user, content: problem.statement))
        let answer = steps.map { PRMFormat.strip($0) + stepTag }.joined()
        messages.append(ChatMessage(role: .assistant, content: answer))
        return messages
    }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        try await VerifierRequests.score(requests, logger: logger) { request in
            let messages = messages(problem: request.problem, steps: request.steps.map(\.text))
            let body = PoolingChatRequest(model: model, messages: messages.map(WireMessage.init))
            let key = AffinityKey(text: request.problem.statement)
            return try await pool.perform(key: key, deadline: .now + configuration.timeout) { endpoint, deadline in
                let reply = try await transport.post(
                    "/pooling", to: endpoint, body: body, apiKey: configuration.apiKey, deadline: deadline,
                    as: PoolingResponse.self)
                guard reply.data.count == 1, let rows = reply.data.first?.data.rows else {
                    throw RemoteError.malformedResponse(
                        endpoint: endpoint.baseURL, path: "/pooling", detail: "\(reply.data.count) results for 1 input")
                }
                guard rows.count == request.steps.count else {
                    throw RemoteError.rowCountMismatch(
                        endpoint: endpoint.baseURL, input: 0, expected: request.steps.count, got: rows.count)
                }
                var scores: [Double] = []
                for (index, row) in rows.enumerated() {
                    guard row.count >= 2, row[1].isFinite, (0...1).contains(row[1]) else {
                        throw RemoteError.malformedResponse(
                            endpoint: endpoint.baseURL, path: "/pooling",
                            detail: "row \(index) is '\(row)', expected [p_bad, p_good] probabilities")
                    }
                    scores.append(row[1])
                }
                return StepScores(
                    scores: Array(scores[request.firstStep...]),
                    usage: TokenUsage(promptTokensEvaluated: reply.usage?.prompt_tokens ?? 0))
            }
        }
    }
}
