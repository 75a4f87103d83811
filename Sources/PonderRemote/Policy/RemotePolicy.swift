public import Logging
public import PonderCore

/// A ``PolicyModel`` served over HTTP by llama-server, vLLM or another OpenAI-compatible server, on one or
/// more replicas.
///
/// Continuations are token-exact: the prompt is rendered once by the server's chat template, every request
/// sends the solution's token ids and appends the ids the server returns, and steps end by the engine's rule
/// (``StepAssembler``), so at temperature 0 the ids equal the embedded engine's on the same model. Requests
/// that continue the same tokens share one server request with `n` completions where the server supports it
/// (the server derives completion i's seed as `seed + i`); at temperature 0 they are generated once and copied,
/// since greedy samples of the same tokens are the same sample. Every sampling parameter is sent, overriding
/// server defaults. Server-reported usage (llama-server `timings.prompt_n`/`cache_n`, vLLM `usage` with
/// `cached_tokens`) fills each continuation's ``TokenUsage``.
///
/// A request that still fails after its retries ends its branch with ``FinishReason/failed``; the call throws
/// only when every request failed.
public struct RemotePolicy: PolicyModel {
    /// The model's identity and limits.
    public let descriptor: ModelDescriptor
    /// What the servers can do.
    public let capabilities: ServerCapabilities
    let configuration: RemoteConfiguration
    let backend: any GenerationBackend
    let pool: ReplicaPool
    let logger: Logger

    /// The most completions one call may ask for (requests queue on the replicas beyond their capacity).
    public static let maxParallelSequences = 1024

    /// Probes the servers and returns a policy over them.
    ///
    /// - Throws: ``RemoteError`` for an invalid configuration, when no server answers, or when the servers
    ///   disagree on the model or lack what Ponder needs (`/tokenize`).
    public static func connect(
        _ configuration: RemoteConfiguration, transport: RemoteTransport,
        logger: Logger = Logger(label: "ponder.remote.policy")
    ) async throws -> RemotePolicy {
        let configuration = try configuration.validated()
        let group = try await ServerGroup.connect(
            role: "policy", configuration: configuration, transport: transport, logger: logger)
        return RemotePolicy(
            capabilities: group.capabilities, configuration: configuration,
            backend: makeBackend(group.capabilities, transport: transport, apiKey: configuration.apiKey),
            pool: group.pool, logger: logger)
    }

    init(
        capabilities: ServerCapabilities, configuration: RemoteConfiguration, backend: any GenerationBackend,
        pool: ReplicaPool, logger: Logger
    ) {
        self.capabilities = capabilities
        self.configuration = configuration
        self.backend = backend
        self.pool = pool
        self.logger = logger
        descriptor = capabilities.modelDescriptor
    }

    public func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        let key = AffinityKey(text: messages.map(\.content).joined(separator: "\u{0}"))
        let prompt = try await pool.perform(key: key, deadline: .now + configuration.timeout) { endpoint, deadline in
            try await backend.render(messages, on: endpoint, deadline: deadline)
        }
        guard prompt.tokens.count < descriptor.contextLength else {
            throw RemoteError.promptTooLong(
                tokens: prompt.tokens.count, contextLength: descriptor.contextLength, model: descriptor.name)
        }
        return prompt
    }

    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) async throws -> [Continuation] {
        guard !requests.isEmpty else { return [] }
        let parameters = try parameters.validated()
        for request in requests where request.solution.tokens.count >= descriptor.contextLength {
            throw RemoteError.promptTooLong(
                tokens: request.solution.tokens.count, contextLength: descriptor.contextLength, model: descriptor.name)
        }
        let tracker = progress.map { ProgressTracker(requests: requests.count, handler: $0) }
        let jobs = Self.jobs(for: requests, maxGroup: capabilities.supportsN ? max(1, capabilities.slots ?? 64) : 1)
        var results = [Continuation?](repeating: nil, count: requests.count)
        var errors: [any Error] = []
        let width = min(jobs.count, Self.maxParallelSequences)
        await withTaskGroup(of: (Job, Result<[Continuation], any Error>).self) { group in
            var next = 0
            func start() {
                let job = jobs[next]
                next += 1
                group.addTask {
                    do {
                        return (
                            job,
                            .success(try await run(job, requests: requests, parameters: parameters, tracker: tracker))
                        )
                    } catch {
                        return (job, .failure(error))
                    }
                }
            }
            while next < width { start() }
            for await (job, result) in group {
                switch result {
                case .success(let continuations):
                    for (member, continuation) in zip(job.members, continuations) { results[member] = continuation }
                case .failure(let error):
                    errors.append(error)
                    if !(error is CancellationError) {
                        logger.warning(
                            "Continuation failed; its branch ends",
                            metadata: ["requests": "\(job.members.count)", "error": "\(error)"])
                    }
                }
                tracker?.finished(job.members.count)
                if next < jobs.count { start() }
            }
        }
        if results.allSatisfy({ $0 == nil }),
            let error = errors.first(where: { !($0 is CancellationError) }) ?? errors.first
        {
            if error is CancellationError, Task.isCancelled {
                return requests.map { _ in Continuation(steps: [], finishReason: .cancelled, usage: .zero) }
            }
            throw error
        }
        let cancelled = Task.isCancelled
        return results.map {
            $0 ?? Continuation(steps: [], finishReason: cancelled ? .cancelled : .failed, usage: .zero)
        }
    }

    // MARK: - Jobs

    /// Requests that continue the same tokens the same way, sent as one server request with `n` completions.
    struct Job: Sendable {
        var members: [Int]
    }

    /// Groups equal requests (same tokens, same extent), in order of first appearance, at most `maxGroup` each.
    static func jobs(for requests: [ContinuationRequest], maxGroup: Int) -> [Job] {
        struct Key: Hashable {
            var tokens: [TokenID]
            var extent: ContinuationRequest.Extent
        }
        var open: [Key: Int] = [:]
        var jobs: [Job] = []
        for (index, request) in requests.enumerated() {
            let key = Key(tokens: request.solution.tokens, extent: request.extent)
            if let job = open[key], jobs[job].members.count < maxGroup {
                jobs[job].members.append(index)
            } else {
                open[key] = jobs.count
                jobs.append(Job(members: [index]))
            }
        }
        return jobs
    }

    /// Runs one job to its continuations: one server call with `n` completions, then more calls for any
    /// completion whose step is not done yet.
    private func run(
        _ job: Job, requests: [ContinuationRequest], parameters: SamplingParameters, tracker: ProgressTracker?
    ) async throws -> [Continuation] {
        let first = requests[job.members[0]]
        let solution = first.solution
        let key = AffinityKey(tokens: solution.prompt.tokens)
        let context = descriptor.contextLength
        // Greedy samples of the same tokens are one sample: generate it once and copy it to the others, which
        // cost the server nothing. (Servers are not even self-consistent here: llama-server's `n` children can
        // part from their parent at a near-tie of the logits.)
        let greedyCopies = parameters.temperature == 0 ? job.members.count - 1 : 0
        var assemblers = job.members.dropLast(greedyCopies).map {
            StepAssembler(request: requests[$0], parameters: parameters, contextLength: context)
        }
        let prefixText = solution.prompt.text + solution.text
        var round = 0
        while let lead = assemblers.firstIndex(where: { !$0.isFinished }) {
            if Task.isCancelled {
                for index in assemblers.indices { assemblers[index].cancel() }
                break
            }
            // The first round asks for every completion at once; later rounds continue one completion each.
            let members = round == 0 ? Array(assemblers.indices) : [lead]
            let assembler = assemblers[lead]
            let call = GenerationCall(
                tokens: solution.tokens + assembler.tokens,
                text: prefixText + String(decoding: assembler.pieces.joined(), as: UTF8.self),
                maxTokens: assembler.budget, stopAtDelimiter: first.extent == .nextStep, count: members.count,
                seed: requests[job.members[lead]].seed &+ UInt32(truncatingIfNeeded: round) &* 7919)
            let outputs: [GeneratedOutput]
            do {
                outputs = try await pool.perform(key: key, weight: call.count, deadline: .now + configuration.timeout) {
                    endpoint, deadline in
                    try await backend.generate(
                        call, parameters: parameters, on: endpoint, deadline: deadline, progress: tracker)
                }
            } catch is CancellationError {
                for index in assemblers.indices { assemblers[index].cancel() }
                break
            }
            for (member, output) in zip(members, outputs) { assemblers[member].absorb(output) }
            round += 1
        }
        var continuations: [Continuation] = []
        for assembler in assemblers {
            var continuation = assembler.continuation()
            if capabilities.dialect == .openAIText || !assembler.piecesExact {
                continuation.steps = try await repair(continuation.steps, key: key)
            }
            continuations.append(continuation)
        }
        if greedyCopies > 0, var copy = continuations.first {
            copy.usage = .zero
            continuations += Array(repeating: copy, count: greedyCopies)
        }
        return continuations
    }

    /// Text mode: each step's ids re-tokenized from its text. Inexact pieces: each step's text decoded by the server.
    private func repair(_ steps: [Step], key: AffinityKey) async throws -> [Step] {
        var repaired = steps
        for index in steps.indices {
            repaired[index] = try await pool.perform(key: key, deadline: .now + configuration.timeout) {
                endpoint, deadline in
                var step = steps[index]
                if capabilities.dialect == .openAIText {
                    step.tokens = try await backend.tokenize(step.text, on: endpoint, deadline: deadline)
                } else {
                    step.text = try await backend.detokenize(step.tokens, on: endpoint, deadline: deadline)
                }
                return step
            }
        }
        return repaired
    }
}

/// The backend of a probed server (a free function so both roles share it).
func makeBackend(_ capabilities: ServerCapabilities, transport: RemoteTransport, apiKey: APIKey?)
    -> any GenerationBackend
{
    switch capabilities.dialect {
    case .llamaServer: LlamaServerBackend(capabilities: capabilities, transport: transport, apiKey: apiKey)
    case .openAITokens, .openAIText: OpenAIBackend(capabilities: capabilities, transport: transport, apiKey: apiKey)
    }
}
