import PonderCore
import Testing

@Suite struct AnswerExtractionTests {
    @Test(arguments: [
        ("So the answer is $\\boxed{42}$.", "42", ExtractedAnswer.Rule.boxed),
        ("\\boxed{1} then \\boxed{\\frac{1}{2}}", "\\frac{1}{2}", .boxed),
        ("\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}", "\\left( 3, \\frac{\\pi}{2} \\right)", .boxed),
        ("\\fbox{7} and then nothing", "7", .boxed),
        ("unclosed \\boxed{3 and \\boxed{5}", "5", .boxed),
        ("Therefore, the answer is 12.", "12", .answerIs),
        ("The final answer is: $\\frac{3}{4}$.\nMore", "\\frac{3}{4}", .answerIs),
        ("We get 3 apples and then 1,250 pears", "1250", .lastNumber),
        ("x = -7.5.", "-7.5", .lastNumber),
    ])
    func extractsByTheFirstRuleThatFires(text: String, answer: String, rule: ExtractedAnswer.Rule) {
        let extracted = AnswerExtraction.extract(from: text)
        #expect(extracted == ExtractedAnswer(text: answer, rule: rule))
    }

    @Test func textWithoutAnyAnswerExtractsNothing() {
        #expect(AnswerExtraction.extract(from: "I do not know.") == nil)
        #expect(AnswerExtraction.extract(from: "\\boxed{") == nil)
    }
}
