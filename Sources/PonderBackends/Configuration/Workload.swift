public import PonderCore

/// What a front end will run on the backends: enough to check a configuration before anything loads.
public struct Workload: Sendable, Hashable {
    /// Tokens allowed for a rendered prompt (system message, problem, chat template) when estimating the
    /// cells one solution needs; a problem statement of MATH-500 or AIME renders to well under this.
    public static let promptAllowance = 512
    /// Tokens allowed, beyond ``promptAllowance``, for what an outcome judge's prompt adds around the whole
    /// solution (its heading and question; ``OutcomeJudgePrompt``'s built-in variants need under 50).
    public static let outcomeJudgeAllowance = 64

    /// The most sequences one problem decodes at once (the widest strategy's ``SearchStrategy/parallelWidth``).
    public var parallelWidth: Int
    /// The most tokens one solution may have.
    public var maxTokens: Int
    /// Whether any strategy asks the verifier for scores.
    public var usesVerifier: Bool
    /// Whether the verifier scores steps or whole solutions.
    public var verifierMode: VerifierMode

    /// Creates a workload.
    public init(parallelWidth: Int, maxTokens: Int, usesVerifier: Bool, verifierMode: VerifierMode = .step) {
        self.parallelWidth = parallelWidth
        self.maxTokens = maxTokens
        self.usesVerifier = usesVerifier
        self.verifierMode = verifierMode
    }

    /// The workload of `strategies` sampling with `sampling`, their verifier scoring in `verifierMode`.
    public init(
        strategies: [any SearchStrategy], sampling: SamplingParameters, verifierMode: VerifierMode = .step
    ) {
        self.init(
            parallelWidth: strategies.map(\.parallelWidth).max() ?? 1, maxTokens: sampling.maxTokens,
            usesVerifier: strategies.contains(where: \.usesVerifier), verifierMode: verifierMode)
    }

    /// Checks the values.
    ///
    /// - Throws: ``PonderError`` for a width or token limit below 1; ``BackendError`` for outcome scoring
    ///   without a strategy that uses a verifier.
    public func validated() throws -> Workload {
        guard usesVerifier || verifierMode == .step else {
            throw BackendError.conflict(
                "--verifier-mode \(verifierMode.rawValue) without a strategy that uses a verifier "
                    + "(best-of-n, beam, dvts and particle-filter do)")
        }
        guard parallelWidth >= 1 else {
            throw PonderError.invalidParameter("parallel width", "\(parallelWidth)", expected: "at least 1")
        }
        guard maxTokens >= 1 else {
            throw PonderError.invalidParameter("max tokens", "\(maxTokens)", expected: "at least 1")
        }
        return self
    }
}
