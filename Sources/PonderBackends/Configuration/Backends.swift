public import PonderCore
import PonderRemote

/// The policy and the verifier, ready to use, and what must be shut down after them.
public struct Backends: Sendable {
    /// The model that writes solutions.
    public let policy: any PolicyModel
    /// The verifier of Best-of-N, beam search and DVTS.
    public let verifier: any ProcessRewardModel
    private let transport: RemoteTransport?

    /// Backends made elsewhere (tests: a scripted policy and PRM); nothing to shut down.
    public init(policy: any PolicyModel, verifier: any ProcessRewardModel = SelfCertainty()) {
        self.init(policy: policy, verifier: verifier, transport: nil)
    }

    init(policy: any PolicyModel, verifier: any ProcessRewardModel, transport: RemoteTransport?) {
        self.policy = policy
        self.verifier = verifier
        self.transport = transport
    }

    /// Closes the servers' connections; embedded engines stop when released.
    ///
    /// - Throws: when the HTTP client fails to shut down.
    public func shutdown() async throws {
        try await transport?.shutdown()
    }

    /// A context for one search on these backends.
    public func context(
        grader: any AnswerGrader, promptStyle: PromptStyle, progress: SearchProgressHandler? = nil,
        trace: TraceHandler? = nil
    ) -> SearchContext {
        SearchContext(
            policy: policy, verifier: verifier, grader: grader, promptStyle: promptStyle, progress: progress,
            trace: trace)
    }
}
