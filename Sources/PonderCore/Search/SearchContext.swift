/// What a strategy runs with: the models (policy, verifier), the grader that groups answers, the prompt
/// style, and progress and trace sinks.
public struct SearchContext: Sendable {
    /// The model that writes solutions.
    public var policy: any PolicyModel
    /// Scores steps for the strategies that use a verifier (Best-of-N, beam search, DVTS, particle filtering).
    public var verifier: any ProcessRewardModel
    /// Extracts answers and decides equivalence for voting (`PonderMath.MathGrader` in every front end).
    public var grader: any AnswerGrader
    /// How a problem becomes chat messages.
    public var promptStyle: PromptStyle
    /// Receives the search's progress: each policy call's snapshots and each change of phase, counted from
    /// the start of the search.
    public var progress: SearchProgressHandler?
    /// Receives the search tree node by node (tree strategies).
    public var trace: TraceHandler?
    /// Whether sampling strategies (CoT, majority vote, Best-of-N) call the policy once per sample, so each
    /// sample that finishes is kept when the search is cut short (``LimitedSearch`` sets it). A stopping rule
    /// does the same whatever this says.
    public var streamsSamples: Bool = false

    /// Creates a context; the verifier defaults to the policy's own self-certainty.
    public init(
        policy: any PolicyModel,
        verifier: any ProcessRewardModel = SelfCertainty(),
        grader: any AnswerGrader,
        promptStyle: PromptStyle = PromptStyle(),
        progress: SearchProgressHandler? = nil,
        trace: TraceHandler? = nil
    ) {
        self.policy = policy
        self.verifier = verifier
        self.grader = grader
        self.promptStyle = promptStyle
        self.progress = progress
        self.trace = trace
    }
}
