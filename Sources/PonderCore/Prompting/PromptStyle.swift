/// How a problem becomes chat messages.
///
/// The default is the paper's prompt for Qwen models: a system message asking for step-by-step reasoning
/// and a boxed answer, then the bare problem as the user message.
public struct PromptStyle: Sendable, Hashable, Codable {
    /// The paper's system prompt for Qwen2.5 policies.
    public static let qwenSystemPrompt = "Please reason step by step, and put your final answer within \\boxed{}."

    /// The system message, or `nil` for none.
    public var systemPrompt: String?
    /// Turns of a conversation before the problem (a chat client's earlier messages); `nil` for none.
    public var history: [ChatMessage]?

    /// Creates a prompt style.
    public init(systemPrompt: String? = PromptStyle.qwenSystemPrompt, history: [ChatMessage]? = nil) {
        self.systemPrompt = systemPrompt
        self.history = history
    }

    /// The messages for `problem`.
    public func messages(for problem: Problem) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let systemPrompt, !systemPrompt.isEmpty {
            messages.append(ChatMessage(role: .system, content: systemPrompt))
        }
        messages += history ?? []
        messages.append(ChatMessage(role: .user, content: problem.statement))
        return messages
    }
}
