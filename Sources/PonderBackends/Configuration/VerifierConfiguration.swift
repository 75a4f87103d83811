import Logging
public import PonderCore
public import PonderLlama
public import PonderRemote

/// The verifier of Best-of-N, beam search and DVTS: what it is (``Kind``) and where it runs (an embedded
/// engine, or servers). One grammar for every front end: `--verifier KIND` with `--verifier-model` for a
/// local model or `--verifier-url` for servers.
public struct VerifierConfiguration: Sendable {
    /// What scores the steps.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The policy's own confidence in each step (no extra model).
        case selfCertainty = "self-certainty"
        /// An instruct model judges each step: P(Yes) / (P(Yes) + P(No)).
        case generative
        /// A token-label PRM described by a ``PRMFormat`` (Math-Shepherd, RLHFlow, or a JSON file).
        case tokenLabel = "token-label"
        /// A reward model behind vLLM's `/pooling` endpoint (e.g. Qwen2.5-Math-PRM); servers only.
        case pooling

        /// Parses a name.
        ///
        /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
        public init(parsing name: String) throws {
            guard let kind = Kind(rawValue: name.lowercased()) else {
                throw PonderError.unknownName("verifier", name, known: Kind.allCases.map(\.rawValue))
            }
            self = kind
        }
    }

    /// What scores the steps.
    public var kind: Kind
    /// The embedded engine of a local generative or token-label verifier.
    public var local: EngineConfiguration?
    /// The servers of a remote verifier.
    public var remote: RemoteConfiguration?
    /// The format of a token-label PRM.
    public var format: PRMFormat?
    /// The generative verifier's prompt for whole solutions (outcome mode).
    public var outcomePrompt: OutcomeJudgePrompt

    /// Creates a configuration; the default is self-certainty.
    public init(
        kind: Kind = .selfCertainty, local: EngineConfiguration? = nil, remote: RemoteConfiguration? = nil,
        format: PRMFormat? = nil, outcomePrompt: OutcomeJudgePrompt = .default
    ) {
        self.kind = kind
        self.local = local
        self.remote = remote
        self.format = format
        self.outcomePrompt = outcomePrompt
    }

    /// Checks the kind against where it runs, before anything loads.
    func validate(for workload: Workload) throws {
        if !workload.usesVerifier {
            guard kind == .selfCertainty, remote == nil else {
                throw BackendError.unusedVerifier(kind.rawValue)
            }
            return
        }
        if local != nil, remote != nil {
            throw BackendError.conflict("a verifier model and --verifier-url: the verifier runs locally or on servers")
        }
        if kind == .tokenLabel, format == nil {
            throw BackendError.missing(
                "--prm-format for the token-label verifier (math-shepherd, rlhflow, or a JSON file)")
        }
        if let format { _ = try format.validated() }
        switch kind {
        case .selfCertainty:
            if remote != nil {
                throw BackendError.conflict(
                    "self-certainty with --verifier-url: self-certainty runs on the policy; choose generative, "
                        + "token-label or pooling for a verifier server")
            }
        case .pooling:
            guard let remote else {
                throw BackendError.missing("--verifier-url for the pooling verifier (vLLM /pooling serves it)")
            }
            _ = try remote.validated()
        case .generative, .tokenLabel:
            if let remote {
                _ = try remote.validated()
                return
            }
            guard let engine = try local?.validated() else {
                throw BackendError.missing("--verifier-model for the \(kind.rawValue) verifier")
            }
            let outcome = workload.verifierMode == .outcome && kind == .generative
            let model = try engine.inspect(
                holding: workload.maxTokens, role: outcome ? "outcome-judge" : "verifier",
                hint: outcome
                    ? "the outcome judge reads the problem and the whole solution at once: raise --verifier-context "
                        + "or lower --max-tokens"
                    : "raise --verifier-context or lower --max-tokens",
                promptTokens: Workload.promptAllowance + (outcome ? Workload.outcomeJudgeAllowance : 0))
            if kind == .generative {
                _ = try GenerativeVerifier.labels(of: model, chatTemplate: engine.chatTemplate)
            } else if let format {
                _ = try TokenLabelPRM.labels(of: model, format: format, chatTemplate: engine.chatTemplate)
            }
        }
    }

    /// Loads or connects the verifier.
    func make(transport: RemoteTransport?, logger: Logger) async throws -> any ProcessRewardModel {
        switch kind {
        case .selfCertainty:
            return SelfCertainty()
        case .pooling:
            guard let remote else { throw BackendError.missing("--verifier-url for the pooling verifier") }
            return try await PoolingPRM.connect(remote, transport: try transport.required())
        case .generative:
            if let remote {
                return try await RemoteGenerativeVerifier.connect(
                    remote, transport: try transport.required(), outcomePrompt: outcomePrompt)
            }
            guard let local else { throw BackendError.missing("--verifier-model for the generative verifier") }
            return try GenerativeVerifier(
                engine: try await LlamaEngine.load(local, logger: logger), outcomePrompt: outcomePrompt)
        case .tokenLabel:
            guard let format else { throw BackendError.missing("--prm-format for the token-label verifier") }
            if let remote {
                return try await RemoteTokenLabelPRM.connect(
                    remote, format: format, transport: try transport.required())
            }
            guard let local else { throw BackendError.missing("--verifier-model for the token-label verifier") }
            return try TokenLabelPRM(engine: try await LlamaEngine.load(local, logger: logger), format: format)
        }
    }
}
