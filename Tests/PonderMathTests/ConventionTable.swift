import PonderCore

/// Model outputs in the answer conventions instruct and reasoning models use (issue 16), with the
/// answer and rule extraction must give.
enum ConventionTable {
    /// Answers the text states: a box, a label, a phrase or GSM8K's `####`.
    static let explicit: [ExtractionCase] = [
        // Answer labels, with the Markdown and maths around them.
        ExtractionCase(output: "So the area is 12.\n\n**Answer:** $12$", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "Answer: 12", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "ANSWER: 42", answer: "42", rule: .answerLabel),
        ExtractionCase(output: "Final Answer: $\\frac{1}{2}$", answer: "\\frac{1}{2}", rule: .answerLabel),
        ExtractionCase(output: "**Final Answer:** \\(x = 3\\)", answer: "x = 3", rule: .answerLabel),
        ExtractionCase(output: "**Final Answer**\n\n$$\\frac{3}{4}$$", answer: "\\frac{3}{4}", rule: .answerLabel),
        ExtractionCase(output: "### Final Answer\n\\[ 2\\sqrt{3} \\]", answer: "2\\sqrt{3}", rule: .answerLabel),
        ExtractionCase(output: "## Answer\n\n$-7$", answer: "-7", rule: .answerLabel),
        ExtractionCase(output: "**Answer: 12**", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "Answer: **12**", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "**Answer**: 9", answer: "9", rule: .answerLabel),
        ExtractionCase(output: "*Final answer:* 7", answer: "7", rule: .answerLabel),
        ExtractionCase(output: "> **Answer:** 6", answer: "6", rule: .answerLabel),
        ExtractionCase(output: "\\textbf{Answer:} 15", answer: "15", rule: .answerLabel),
        ExtractionCase(output: "Answer:\n12", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "Answer: The area is $12$ square units.", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "Answer: $x = 2$ or $x = -3$", answer: "x = 2, x = -3", rule: .answerLabel),
        ExtractionCase(output: "Answer: 1, 2, 3", answer: "1, 2, 3", rule: .answerLabel),
        ExtractionCase(output: "Answer: No solution", answer: "No solution", rule: .answerLabel),
        ExtractionCase(output: "Answer: 3.5. This is because x = 7/2.", answer: "3.5", rule: .answerLabel),
        ExtractionCase(
            output: "Final Answer: The final answer is 12. I hope it is correct.", answer: "12", rule: .answerLabel),
        ExtractionCase(output: "Answer: 5\n\nThe answer is correct.", answer: "5", rule: .answerLabel),
        // Answer phrases.
        ExtractionCase(output: "The final answer is 12.", answer: "12", rule: .answerIs),
        ExtractionCase(output: "The final answer is $\\frac{1}{2}$", answer: "\\frac{1}{2}", rule: .answerIs),
        ExtractionCase(output: "Thus, the answer is \\(\\sqrt{2}\\).", answer: "\\sqrt{2}", rule: .answerIs),
        ExtractionCase(output: "The final answer is therefore $6$.", answer: "6", rule: .answerIs),
        ExtractionCase(output: "So the answer is 5. The answer is correct.", answer: "5", rule: .answerIs),
        ExtractionCase(output: "The answer is:\n\n$$\\frac{5}{6}$$", answer: "\\frac{5}{6}", rule: .answerIs),
        // GSM8K.
        ExtractionCase(output: "#### 42", answer: "42", rule: .hashMarker),
        ExtractionCase(
            output: "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips.\n#### 72", answer: "72",
            rule: .hashMarker),
        ExtractionCase(output: "#### $-3$", answer: "-3", rule: .hashMarker),
        ExtractionCase(output: "#### 1,000", answer: "1,000", rule: .hashMarker),
        // Boxes, as reasoning, Llama, Mistral and Gemma models write them.
        ExtractionCase(
            output: "**Final Answer**\n\\[\n\\boxed{\\frac{\\pi}{4}}\n\\]", answer: "\\frac{\\pi}{4}", rule: .boxed),
        ExtractionCase(output: "The final answer is: $\\boxed{5}$", answer: "5", rule: .boxed),
        ExtractionCase(output: "**Final Answer:** The final answer is $\\boxed{7}$", answer: "7", rule: .boxed),
        ExtractionCase(output: "Therefore, the answer is $\\boxed{10}$.", answer: "10", rule: .boxed),
        ExtractionCase(output: "The solutions are $\\boxed{2}$ and $\\boxed{-3}$.", answer: "2, -3", rule: .boxed),
        ExtractionCase(output: "$\\boxed{1}$, $\\boxed{2}$, and $\\boxed{3}$", answer: "1, 2, 3", rule: .boxed),
        // ", or" restates the same answer (MATH's "$\\boxed{15\\frac{39}{40}}$, or $\\boxed{\\frac{639}{40}}$"): the last box.
        ExtractionCase(
            output: "$\\boxed{2\\frac{1}{2}}$, or $\\boxed{\\frac{5}{2}}$", answer: "\\frac{5}{2}", rule: .boxed),
        ExtractionCase(output: "Answer: 4\n\nSo \\boxed{5}", answer: "5", rule: .boxed),
    ]

    /// Answers guessed from where the text stopped.
    static let fallback: [ExtractionCase] = [
        ExtractionCase(output: "We simplify.\n\n$\\frac{1}{2}$", answer: "\\frac{1}{2}", rule: .lastLine),
        ExtractionCase(output: "We simplify.\n\\[\n\\frac{1}{2}\n\\]", answer: "\\frac{1}{2}", rule: .lastLine),
        ExtractionCase(output: "Computing gives\n12", answer: "12", rule: .lastLine),
        ExtractionCase(output: "Computing gives\nx = 3.", answer: "x = 3", rule: .lastLine),
        ExtractionCase(output: "Computing gives\n**12**", answer: "12", rule: .lastLine),
        ExtractionCase(output: "\\frac{1}{2}", answer: "\\frac{1}{2}", rule: .lastLine),
        ExtractionCase(output: "So we get 3 + 4 = 7", answer: "7", rule: .lastNumber),
        ExtractionCase(output: "We have $x = 3$ and $y = 4$", answer: "4", rule: .lastNumber),
        ExtractionCase(output: "Let me compute the sum: 1 + 2 + 3 + ", answer: "3", rule: .lastNumber),
        ExtractionCase(output: "\\[\n\\frac{1}{2} + \\frac{1}{3}", answer: "3", rule: .lastNumber),
        ExtractionCase(output: "The list:\n\\begin{align}\nx = 2", answer: "2", rule: .lastNumber),
    ]

    /// Markers that do not mark an answer: explicit rules must not fire.
    static let notAnswers: [ExtractionCase] = [
        ExtractionCase(
            output: "We need to check whether the answer is an integer, so we compute 7 / 2 = 3.5", answer: "3.5",
            rule: .lastNumber),
        ExtractionCase(
            output: "Let me double-check my answer: plugging in x = 3 gives 9.", answer: "9", rule: .lastNumber),
        ExtractionCase(output: "Let's verify that the answer is correct.\n\nIt is.", answer: nil, rule: nil),
        ExtractionCase(output: "The answer is not obvious, so we try n = 4", answer: "4", rule: .lastNumber),
        ExtractionCase(
            output: "#### Step 1: Simplify\nWe get 3.\n#### Step 2\nSo $x=4$", answer: "4", rule: .lastNumber),
        ExtractionCase(output: "Answer choices: (A) 1 (B) 2", answer: "2", rule: .lastNumber),
        ExtractionCase(output: "Our answers: we try 5 and then 6", answer: "6", rule: .lastNumber),
        ExtractionCase(output: "He answered 7 questions and got 3 wrong", answer: "3", rule: .lastNumber),
    ]

    static var all: [ExtractionCase] { explicit + fallback + notAnswers }
}
