public import Logging
public import PonderCore
public import PonderLlama
public import PonderRemote

/// Where the policy and the verifier run: the one value every front end (the CLI's `solve` and `eval`, the
/// server) builds from its flags or request, checks with ``validated(for:)`` before any model loads, and
/// turns into ready models with ``make(logger:)``.
public struct BackendConfiguration: Sendable {
    /// Where the policy runs.
    public enum Policy: Sendable {
        /// The embedded llama.cpp engine.
        case local(EngineConfiguration)
        /// OpenAI-compatible servers (llama-server, vLLM, SGLang).
        case remote(RemoteConfiguration)
    }

    /// The policy's placement.
    public var policy: Policy
    /// The verifier of Best-of-N, beam search and DVTS.
    public var verifier: VerifierConfiguration

    /// Creates a configuration; the verifier defaults to self-certainty (no extra model).
    public init(policy: Policy, verifier: VerifierConfiguration = VerifierConfiguration()) {
        self.policy = policy
        self.verifier = verifier
    }

    /// Checks every combination once, before any model loads or server is called: the parallel width
    /// against the engine's sequences, one solution against the policy's context, the chat templates and
    /// label tokens the models need (read from the GGUF files' vocabularies, without their weights), the
    /// verifier's kind against where it runs, and a judged solution (in outcome mode the whole solution inside the
    /// outcome judge's prompt) against the verifier's context.
    ///
    /// - Throws: ``BackendError``, ``PonderError``, `LlamaError` or `RemoteError` naming the first problem.
    public func validated(for workload: Workload) throws -> BackendConfiguration {
        let workload = try workload.validated()
        switch policy {
        case .local(let engine):
            let engine = try engine.validated()
            guard workload.parallelWidth <= engine.maxSequences else {
                throw PonderError.budgetTooLarge(
                    workload.parallelWidth, maximum: engine.maxSequences, model: engine.modelName)
            }
            let model = try engine.inspect(
                holding: workload.maxTokens, role: "policy", hint: "raise --context or lower --max-tokens")
            if engine.chatTemplate == nil, model.chatTemplate == nil {
                throw LlamaError.noChatTemplate(model: model.name)
            }
        case .remote(let remote):
            _ = try remote.validated()
        }
        try verifier.validate(for: workload)
        return self
    }

    /// Loads or connects the policy and the verifier.
    ///
    /// - Throws: `LlamaError` when a model does not load, `RemoteError` when a server cannot be reached or
    ///   lacks what Ponder needs. Whatever was made before the failure is shut down.
    public func make(logger: Logger = Logger(label: "ponder.backends")) async throws -> Backends {
        let transport = remoteConnections.map {
            RemoteTransport(maxConnectionsPerServer: max(64, $0), logger: logger)
        }
        do {
            let policy: any PolicyModel
            switch self.policy {
            case .local(let engine):
                policy = LlamaPolicy(engine: try await LlamaEngine.load(engine, logger: logger))
            case .remote(let remote):
                policy = try await RemotePolicy.connect(remote, transport: try transport.required(), logger: logger)
            }
            let verifier = try await self.verifier.make(transport: transport, logger: logger)
            return Backends(policy: policy, verifier: verifier, transport: transport)
        } catch {
            try? await transport?.shutdown()
            throw error
        }
    }

    /// Connections per server for the shared HTTP client, or `nil` when nothing runs on servers.
    private var remoteConnections: Int? {
        var remotes: [RemoteConfiguration] = []
        if case .remote(let remote) = policy { remotes.append(remote) }
        if let remote = verifier.remote { remotes.append(remote) }
        guard !remotes.isEmpty else { return nil }
        return remotes.map { $0.maxInFlight ?? 0 }.max() ?? 0
    }
}

extension Optional where Wrapped == RemoteTransport {
    /// The transport, which exists whenever a role is remote.
    func required() throws -> RemoteTransport {
        guard let self else { throw BackendError.missing("an HTTP client for the remote servers") }
        return self
    }
}

extension EngineConfiguration {
    /// The model file's name, for messages.
    var modelName: String { modelPath.split(separator: "/").last.map(String.init) ?? modelPath }

    /// The model's vocabulary and metadata, after checking that one sequence of a prompt and `maxTokens`
    /// generated tokens fits the context.
    ///
    /// - Parameter promptTokens: the tokens allowed for everything but the solution.
    /// - Throws: ``BackendError`` when it does not fit (with `hint`), `LlamaError` when the file cannot be read.
    func inspect(
        holding maxTokens: Int, role: String, hint: String, promptTokens: Int = Workload.promptAllowance
    ) throws -> LlamaModel {
        let needed = kvCellsNeeded(sequences: 1, maxTokens: maxTokens, promptTokens: promptTokens)
        guard needed <= contextLength else {
            throw BackendError.contextTooSmall(
                role: role, needed: needed, contextLength: contextLength, model: modelName, hint: hint)
        }
        return try LlamaModel.inspect(modelPath)
    }
}
