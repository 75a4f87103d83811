/// What a strategy runs with: the policy, the grader that groups answers, the prompt style and a progress sink.
public struct SearchContext: Sendable {
    /// The model that writes solutions.
    public var policy: any PolicyModel
    /// Extracts answers and decides equivalence for voting.
    public var grader: any AnswerGrader
    /// How a problem becomes chat messages.
    public var promptStyle: PromptStyle
    /// Receives progress of each policy call.
    public var progress: ProgressHandler?
    /// Receives the search tree node by node (tree strategies).
    public var trace: TraceHandler?

    /// Creates a context.
    public init(
        policy: any PolicyModel,
        grader: any AnswerGrader = SimpleAnswerGrader(),
        promptStyle: PromptStyle = PromptStyle(),
        progress: ProgressHandler? = nil,
        trace: TraceHandler? = nil
    ) {
        self.policy = policy
        self.grader = grader
        self.promptStyle = promptStyle
        self.progress = progress
        self.trace = trace
    }
}
