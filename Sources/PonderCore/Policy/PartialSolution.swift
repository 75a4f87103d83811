/// A solution in progress: the prompt and the steps generated so far.
public struct PartialSolution: Sendable, Hashable, Codable {
    /// The rendered prompt the solution continues.
    public var prompt: Prompt
    /// The steps so far, in order.
    public var steps: [Step]

    /// Creates a partial solution.
    public init(prompt: Prompt, steps: [Step] = []) {
        self.prompt = prompt
        self.steps = steps
    }

    /// Every token of the prompt and the steps, in order: what the policy continues from.
    public var tokens: [TokenID] {
        var all = prompt.tokens
        for step in steps { all.append(contentsOf: step.tokens) }
        return all
    }

    /// The text of the steps so far.
    public var text: String { steps.map(\.text).joined() }

    /// Tokens generated so far (the steps' tokens).
    public var generatedTokenCount: Int { steps.reduce(0) { $0 + $1.tokens.count } }

    /// A copy with `more` appended.
    public func appending(_ more: [Step]) -> PartialSolution {
        var copy = self
        copy.steps.append(contentsOf: more)
        return copy
    }
}
