/// A rendered prompt: the chat template applied to the messages, and its tokens.
public struct Prompt: Sendable, Hashable, Codable {
    /// The rendered text (chat template applied, generation prompt included).
    public var text: String
    /// The token ids of ``text``.
    public var tokens: [TokenID]

    /// Creates a prompt.
    public init(text: String, tokens: [TokenID]) {
        self.text = text
        self.tokens = tokens
    }
}
