/// A gold answer normalised and parsed once, to grade many predictions against it
/// (``MathGrader/judge(gold:prediction:)-(PreparedAnswer,String)``): batch grading meets each
/// MATH-500 gold dozens of times, and evaluation grades N candidates per problem.
package struct PreparedAnswer: Sendable, Hashable {
    /// The answer as given.
    package let text: String
    /// Its normalised form, lower-cased (what the identical rule compares).
    package let key: String
    /// Its structure; `nil` when the answer is empty or too long to parse (compared as a string).
    package let parsed: Answer?
    /// Whether it is written as a percentage (``MathGrader/isWrittenAsPercentage(_:)``).
    package let isPercentage: Bool

    package init(text: String, key: String, parsed: Answer?) {
        self.text = text
        self.key = key
        self.parsed = parsed
        self.isPercentage = MathGrader.isWrittenAsPercentage(text)
    }
}
