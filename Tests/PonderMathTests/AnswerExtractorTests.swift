import PonderCore
import PonderMath
import Testing

/// One extraction case: model output, expected answer text and rule (`nil` text: nothing found).
struct ExtractionCase: Sendable, CustomTestStringConvertible {
    var output: String
    var answer: String?
    var rule: ExtractedAnswer.Rule?
    var testDescription: String { "\(output.prefix(60)) → \(answer ?? "nil")" }
}

@Suite struct AnswerExtractorTests {
    let grader = MathGrader()

    static let cases: [ExtractionCase] = [
        ExtractionCase(
            output: "So $x = 3$.\n\nThe final answer is $\\frac{1}{2}$. I hope it is correct.",
            answer: "\\frac{1}{2}", rule: .finalAnswerIs),
        ExtractionCase(
            output: "Final Answer: The final answer is $(1, 2)$. I hope it is correct. \\boxed{7}",
            answer: "(1, 2)", rule: .finalAnswerIs),
        ExtractionCase(
            output: "Thus the answer is $\\boxed{\\frac{\\sqrt{3}}{2}}$.", answer: "\\frac{\\sqrt{3}}{2}", rule: .boxed),
        ExtractionCase(output: "First \\boxed{1}, then finally \\boxed{2}.", answer: "2", rule: .boxed),
        ExtractionCase(
            output: "\\boxed{\\left\\{ 1, \\frac{2}{3} \\right\\}}", answer: "\\left\\{ 1, \\frac{2}{3} \\right\\}",
            rule: .boxed),
        ExtractionCase(output: "We get $\\boxed 5$.", answer: "5", rule: .boxed),
        ExtractionCase(output: "We get \\boxed 5\nDone", answer: "5", rule: .boxed),
        ExtractionCase(output: "Answer: \\fbox{42}", answer: "42", rule: .boxed),
        ExtractionCase(output: "\\boxed{a} and later \\fbox{b}", answer: "b", rule: .boxed),
        ExtractionCase(
            output: "\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}",
            answer: "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", rule: .boxed),
        ExtractionCase(output: "The result is \\boxed{x^{2}+{y}}.", answer: "x^{2}+{y}", rule: .boxed),
        ExtractionCase(output: "Unbalanced \\boxed{\\frac{1}{2}", answer: "\\frac{1}{2}", rule: .boxed),
        ExtractionCase(output: "Step 1 ки\nSo \\boxed{12} ки", answer: "12", rule: .boxed),
        ExtractionCase(output: "The answer is 17.", answer: "17", rule: .answerIs),
        ExtractionCase(
            output: "So the answer is $\\frac{3}{4}$. Next we check.", answer: "\\frac{3}{4}", rule: .answerIs),
        ExtractionCase(output: "Therefore, the answer is: 3. Indeed 3 works.", answer: "3", rule: .answerIs),
        ExtractionCase(output: "the answer is \\(x+1\\)", answer: "x+1", rule: .answerIs),
        ExtractionCase(output: "My final answer is 12\nThanks", answer: "12", rule: .answerIs),
        ExtractionCase(output: "We compute 3 + 4 = 7, then 7 * 2 = 14", answer: "14", rule: .lastNumber),
        ExtractionCase(output: "Total is 1,234 apples", answer: "1234", rule: .lastNumber),
        ExtractionCase(output: "The temperature dropped to -3.5 degrees", answer: "-3.5", rule: .lastNumber),
        ExtractionCase(output: "value .75", answer: ".75", rule: .lastNumber),
        ExtractionCase(output: "No numbers here at all", answer: nil, rule: nil),
        ExtractionCase(output: "", answer: nil, rule: nil),
        ExtractionCase(output: "\\boxed{}", answer: nil, rule: nil),
    ]

    @Test(arguments: AnswerExtractorTests.cases)
    func extractionFindsTheFinalAnswerByTheRightRule(_ row: ExtractionCase) {
        let extracted = grader.extractAnswer(from: row.output)
        #expect(extracted?.text == row.answer)
        #expect(extracted?.rule == row.rule)
    }

    @Test func bareAnswerIsTakenWholeRatherThanItsLastNumber() {
        let answer = grader.answer(in: "\\frac{1}{2}")
        #expect(answer.text == "\\frac{1}{2}")
        #expect(answer.rule == nil)
        // A model output that is only an answer line is that answer (it was its last number, "2").
        let extracted = grader.extractAnswer(from: "\\frac{1}{2}")
        #expect(extracted?.text == "\\frac{1}{2}")
        #expect(extracted?.rule == .lastLine)
    }

    @Test func boxedAnswerInsideFullOutputGradesAgainstGold() {
        let output = "Let me think.\n\nWe find $x = \\dfrac{1}{2}$, so the answer is $\\boxed{\\dfrac12}$."
        let answer = grader.answer(in: output)
        #expect(answer.rule == .boxed)
        #expect(grader.isEquivalent("0.5", answer.text))
    }

    @Test(arguments: [
        ("Therefore, the final answer is $\\boxed{\\$32,\\!348}$.", "32348"),
        ("The final answer is $\\$18.90$. I hope it is correct.", "18.9"),
        ("So we get $\\boxed{\\$36}$", "36"),
    ])
    func dollarAmountsInModelOutputGradeAsTheirNumber(_ row: (String, String)) {
        let answer = grader.answer(in: row.0)
        #expect(grader.isEquivalent(row.1, answer.text))
        #expect(!grader.isEquivalent(row.1 + "1", answer.text))
    }

    @Test func extractionOfHugeOutputStillFindsTheLastBox() {
        let output = String(repeating: "noise { ", count: 30_000) + "\\boxed{9}"
        #expect(grader.extractAnswer(from: output)?.text == "9")
    }
}
