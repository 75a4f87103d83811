import PonderCore
import PonderMath
import Testing

@Suite struct AnswerConventionTests {
    let grader = MathGrader(configuration: .grading)

    @Test(arguments: ConventionTable.all)
    func extractionReadsEachConventionByItsRule(_ row: ExtractionCase) {
        let extracted = grader.extractAnswer(from: row.output)
        #expect(extracted?.text == row.answer)
        #expect(extracted?.rule == row.rule)
    }

    @Test(arguments: ConventionTable.explicit)
    func gradingTakesTheStatedAnswerNotTheWholeText(_ row: ExtractionCase) throws {
        let answer = grader.answer(in: row.output)
        #expect(answer.text == row.answer)
        #expect(answer.rule == row.rule)
        let stated = try #require(row.answer)
        #expect(grader.isEquivalent(stated, answer.text))
    }

    @Test(arguments: ConventionGradingCase.all)
    func gradingAModelOutputMatchesTheHandCheckedVerdict(_ row: ConventionGradingCase) {
        let gold = grader.answer(in: row.gold).text
        let prediction = grader.answer(in: row.output).text
        #expect(grader.isEquivalent(gold, prediction) == row.isEquivalent, "extracted '\(prediction)'")
    }

    @Test func explicitRulesAreTheOnesTheTextStates() {
        let explicit = ExtractedAnswer.Rule.allCases.filter(\.isExplicit)
        #expect(explicit == [.finalAnswerIs, .boxed, .answerLabel, .answerIs, .hashMarker])
        #expect(ExtractedAnswer.Rule.allCases.filter { !$0.isExplicit } == [.lastLine, .lastNumber])
    }

    @Test(arguments: [
        "Let me think. First, 3 + 4 = 7. Then we multiply by",
        "We set up the equation 2x + 5 = ",
        "So far we have\n\\[\n\\frac{1}{2} +",
        "The pattern repeats every 6 terms, so",
    ])
    func textCutOffMidSentenceHasOnlyAFallbackAnswer(_ output: String) {
        // A caller that ignores fallbacks for truncated text (issue 18) then counts no answer.
        if let extracted = grader.extractAnswer(from: output) { #expect(!extracted.rule.isExplicit) }
    }

    @Test func bareAnswerOnOneLineIsTakenWholeByBothEntryPoints() {
        #expect(grader.extractAnswer(from: "\\frac{1}{2}")?.text == "\\frac{1}{2}")
        #expect(grader.answer(in: "\\frac{1}{2}").rule == nil)
        #expect(grader.answer(in: "\\begin{pmatrix}\n1 \\\\\n2\n\\end{pmatrix}").rule == nil)
    }
}
