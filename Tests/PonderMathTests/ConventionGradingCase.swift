import Testing

/// A model output graded against a gold answer, as `ponder grade` reads it.
struct ConventionGradingCase: Sendable, CustomTestStringConvertible {
    var gold: String
    var output: String
    var isEquivalent: Bool
    var testDescription: String { "\(gold) \(isEquivalent ? "≡" : "≢") \(output.suffix(50))" }

    /// Pairs of a right answer and a near miss in each convention.
    static let all: [ConventionGradingCase] = [
        .init(gold: "12", output: "The area is 12.\n\n**Answer:** $12$", isEquivalent: true),
        .init(gold: "12", output: "The area is 12.\n\n**Answer:** $13$", isEquivalent: false),
        .init(gold: "\\frac{1}{2}", output: "Final Answer: 0.5", isEquivalent: true),
        .init(gold: "\\frac{1}{2}", output: "Final Answer: 0.51", isEquivalent: false),
        .init(gold: "72", output: "48 + 24 = 72\n#### 72", isEquivalent: true),
        .init(gold: "72", output: "48 + 24 = 73\n#### 73", isEquivalent: false),
        .init(gold: "42", output: "ANSWER: 42", isEquivalent: true),
        .init(gold: "42", output: "ANSWER: 24", isEquivalent: false),
        .init(gold: "5", output: "The final answer is: $\\boxed{5}$", isEquivalent: true),
        .init(gold: "5", output: "The final answer is: $\\boxed{-5}$", isEquivalent: false),
        .init(gold: "2, -3", output: "The solutions are $\\boxed{2}$ and $\\boxed{-3}$.", isEquivalent: true),
        .init(gold: "2, -3", output: "The solutions are $\\boxed{2}$ and $\\boxed{3}$.", isEquivalent: false),
        .init(
            gold: "\\left( 3, \\frac{\\pi}{2} \\right)",
            output: "**Final Answer**\n\\[\\boxed{\\left(3, \\frac{\\pi}{2}\\right)}\\]", isEquivalent: true),
        .init(gold: "(3, \\frac{\\pi}{2})", output: "**Final Answer**\n\\[\\boxed{(3, \\pi)}\\]", isEquivalent: false),
        .init(gold: "\\frac{1}{2}", output: "We simplify.\n\n$\\frac12$", isEquivalent: true),
        .init(gold: "\\frac{1}{2}", output: "We simplify.\n\n$\\frac13$", isEquivalent: false),
        .init(gold: "x^2+1", output: "The final answer is $x^2 + 1$. I hope it is correct.", isEquivalent: true),
        .init(gold: "x^2+1", output: "The final answer is $x^2 - 1$. I hope it is correct.", isEquivalent: false),
        .init(gold: "10", output: "Answer: The total is $10$ dollars.", isEquivalent: true),
        .init(gold: "10", output: "Answer: The total is $\\$11$.", isEquivalent: false),
        .init(gold: "31_4", output: "In base 4 this is $31_4$.\n\nAnswer: $31_4$", isEquivalent: true),
        .init(gold: "31_4", output: "Answer: $31_5$", isEquivalent: false),
        .init(gold: "3\\sqrt{2}", output: "**Answer:** $3\\sqrt{2}$", isEquivalent: true),
        .init(gold: "3\\sqrt{2}", output: "**Answer:** $4.24$", isEquivalent: false),
        .init(gold: "\\frac{5}{2}", output: "**Answer:** 2½", isEquivalent: true),
        .init(gold: "\\frac{5}{2}", output: "**Answer:** 2¼", isEquivalent: false),
    ]
}
