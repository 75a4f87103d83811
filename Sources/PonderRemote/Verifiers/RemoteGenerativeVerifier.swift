public import Logging
public import PonderCore

/// The generative verifier ("LLM as PRM") on any server that returns next-token log-probabilities
/// (llama-server `n_probs`, vLLM `logprobs`): the judging prompt of ``JudgePrompt`` rendered by the server's
/// chat template, scored P(Yes) / (P(Yes) + P(No)) from the top log-probabilities of the next token.
///
/// Each step is judged by one request; a path's requests stay on one replica, whose prefix cache serves the
/// lines the judgments share.
public struct RemoteGenerativeVerifier: ProcessRewardModel {
    /// The model's identity, for accounting.
    public let modelDescriptor: ModelDescriptor
    /// What the servers can do.
    public let capabilities: ServerCapabilities
    let configuration: RemoteConfiguration
    let backend: any GenerationBackend
    let pool: ReplicaPool
    let yes: TokenID
    let no: TokenID
    let logger: Logger

    /// Probes the servers and finds the `Yes` and `No` tokens.
    ///
    /// - Throws: ``RemoteError`` when no server answers, or the model does not spell `Yes` and `No` as single tokens.
    public static func connect(
        _ configuration: RemoteConfiguration, transport: RemoteTransport,
        logger: Logger = Logger(label: "ponder.remote.verifier")
    ) async throws -> RemoteGenerativeVerifier {
        let configuration = try configuration.validated()
        let group = try await ServerGroup.connect(role: "verifier", configuration: configuration, transport: transport, logger: logger)
        let backend = makeBackend(group.capabilities, transport: transport, apiKey: configuration.apiKey)
        let labels = try await group.pool.perform(key: AffinityKey(0), deadline: .now + configuration.timeout) { endpoint, deadline in
            [
                try await backend.tokenize(JudgePrompt.yes, on: endpoint, deadline: deadline),
                try await backend.tokenize(JudgePrompt.no, on: endpoint, deadline: deadline),
            ]
        }
        guard labels[0].count == 1, labels[1].count == 1 else {
            throw RemoteError.unsupported(
                endpoint: configuration.endpoints[0].baseURL,
                feature: "a judge whose model spells '\(JudgePrompt.yes)' and '\(JudgePrompt.no)' as single tokens")
        }
        return RemoteGenerativeVerifier(
            modelDescriptor: ModelDescriptor(
                name: group.capabilities.model, parameterCount: group.capabilities.parameterCount ?? 0,
                contextLength: group.capabilities.contextLength ?? Int(Int32.max),
                maxParallelSequences: RemotePolicy.maxParallelSequences),
            capabilities: group.capabilities, configuration: configuration, backend: backend, pool: group.pool,
            yes: labels[0][0], no: labels[1][0], logger: logger)
    }

    public var name: String { "generative" }
    public var descriptor: ModelDescriptor? { modelDescriptor }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        try await VerifierRequests.score(requests, logger: logger) { request in
            let key = AffinityKey(text: request.problem.statement)
            var result = StepScores(scores: [])
            for step in request.firstStep..<request.steps.count {
                let messages = JudgePrompt.messages(problem: request.problem, steps: request.steps.prefix(step + 1).map(\.text))
                let (score, usage) = try await pool.perform(key: key, deadline: .now + configuration.timeout) { endpoint, deadline in
                    let tokens = try await backend.renderTokens(messages, on: endpoint, deadline: deadline)
                    let next = try await backend.nextTokens(
                        after: tokens, topK: configuration.topLogProbabilities, on: endpoint, deadline: deadline)
                    let score = try LabelScore.score(
                        next.logProbabilities, good: yes, bad: no, position: tokens.count, endpoint: endpoint.baseURL)
                    return (score, next.usage)
                }
                result.scores.append(score)
                result.usage += usage
            }
            return result
        }
    }
}
