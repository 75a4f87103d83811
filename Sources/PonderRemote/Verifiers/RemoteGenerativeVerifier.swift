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
    /// The prompt of outcome judging.
    public let outcomePrompt: OutcomeJudgePrompt

    /// Probes the servers and finds the `Yes` and `No` tokens.
    ///
    /// - Throws: ``RemoteError`` when no server answers, or the model does not spell `Yes` and `No` as single tokens.
    public static func connect(
        _ configuration: RemoteConfiguration, transport: RemoteTransport,
        outcomePrompt: OutcomeJudgePrompt = .default, logger: Logger = Logger(label: "ponder.remote.verifier")
    ) async throws -> RemoteGenerativeVerifier {
        let configuration = try configuration.validated()
        let group = try await ServerGroup.connect(
            role: "verifier", configuration: configuration, transport: transport, logger: logger)
        let backend = makeBackend(group.capabilities, transport: transport, apiKey: configuration.apiKey)
        let (yes, no) = try await group.singleTokens(
            JudgePrompt.yes, JudgePrompt.no, backend: backend, configuration: configuration,
            requirement: "a judge whose model spells '\(JudgePrompt.yes)' and '\(JudgePrompt.no)' as single tokens")
        return RemoteGenerativeVerifier(
            modelDescriptor: group.capabilities.modelDescriptor,
            capabilities: group.capabilities, configuration: configuration, backend: backend, pool: group.pool,
            yes: yes, no: no, logger: logger, outcomePrompt: outcomePrompt)
    }

    /// `generative`, or with an outcome prompt other than the default `generative/<variant>`, so results keys
    /// keep judges with different prompts apart.
    public var name: String { outcomePrompt == .default ? "generative" : "generative/\(outcomePrompt.name)" }
    public var descriptor: ModelDescriptor? { modelDescriptor }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        try await VerifierRequests.score(requests, logger: logger) { request in
            let key = AffinityKey(text: request.problem.statement)
            var result = StepScores(scores: [])
            for step in request.firstStep..<request.steps.count {
                let messages = JudgePrompt.messages(
                    problem: request.problem, steps: request.steps.prefix(step + 1).map(\.text))
                let (score, usage) = try await pool.perform(key: key, deadline: .now + configuration.timeout) {
                    endpoint, deadline in
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

    /// Judges each whole solution once with ``outcomePrompt``: one request per solution, run concurrently; a
    /// solution whose request fails after its retries scores 0 and is marked failed.
    public func scoreOutcomes(_ requests: [OutcomeScoringRequest]) async throws -> [OutcomeScore] {
        // Each solution is one single-step request of the shared runner, which turns failures into zero scores.
        let stepRequests = requests.map { StepScoringRequest(problem: $0.problem, steps: $0.steps, firstStep: 0) }
        let results = try await VerifierRequests.score(stepRequests, logger: logger, expected: { _ in 1 }) {
            request in
            let key = AffinityKey(text: request.problem.statement)
            let messages = outcomePrompt.messages(problem: request.problem, steps: request.steps.map(\.text))
            return try await pool.perform(key: key, deadline: .now + configuration.timeout) { endpoint, deadline in
                let tokens = try await backend.renderTokens(messages, on: endpoint, deadline: deadline)
                let next = try await backend.nextTokens(
                    after: tokens, topK: configuration.topLogProbabilities, on: endpoint, deadline: deadline)
                let score = try LabelScore.score(
                    next.logProbabilities, good: yes, bad: no, position: tokens.count, endpoint: endpoint.baseURL)
                return StepScores(scores: [score], usage: next.usage)
            }
        }
        return results.map { OutcomeScore(score: $0.scores.first ?? 0, usage: $0.usage, failed: $0.failed) }
    }
}
