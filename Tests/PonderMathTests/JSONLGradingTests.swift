import PonderMath
import Testing

@Suite struct JSONLGradingTests {
    let batch = JSONLGrading()

    @Test func linesAreWrittenBackWithCorrectExtractedAndRule() throws {
        var output: [String] = []
        try batch.grade(
            "{\"gold\": \"\\\\frac{1}{2}\", \"pred\": \"so \\\\boxed{0.5}\", \"id\": 3}\n\n{\"gold\":\"2\",\"pred\":\"3\"}\n"
        ) {
            output.append($0)
        }
        #expect(
            output == [
                "{\"gold\": \"\\\\frac{1}{2}\", \"pred\": \"so \\\\boxed{0.5}\", \"id\": 3,\"correct\":true,\"extracted\":\"0.5\",\"rule\":\"boxed\"}",
                "{\"gold\":\"2\",\"pred\":\"3\",\"correct\":false,\"extracted\":\"3\",\"rule\":\"whole-text\"}",
            ])
    }

    @Test func numericGoldIsAccepted() throws {
        let line = try batch.gradeLine("{\"gold\": 25, \"pred\": \"025\"}", lineNumber: 1)
        #expect(line?.hasSuffix("\"correct\":true,\"extracted\":\"025\",\"rule\":\"whole-text\"}") == true)
        for (gold, prediction, correct) in [
            ("1", "1", true), ("0", "0", true), ("2.5", "\\\\frac52", true), ("1", "2", false),
        ] {
            let graded = try batch.gradeLine("{\"gold\": \(gold), \"pred\": \"\(prediction)\"}", lineNumber: 1)
            #expect(graded?.contains("\"correct\":\(correct)") == true, "gold \(gold): \(graded ?? "nil")")
        }
    }

    @Test func aBatchGradesEachPredictionAgainstItsOwnGold() throws {
        var output: [String] = []
        let lines =
            ["1", "2", "1", "\\\\frac12", "1"].map { "{\"gold\": \"1\", \"pred\": \"\($0)\"}" }
            + ["{\"gold\": \"2\", \"pred\": \"1\"}", "{\"gold\": \"2\", \"pred\": \"2\"}"]
        try batch.grade(lines.joined(separator: "\n")) { output.append($0) }
        #expect(output.map { $0.contains("\"correct\":true") } == [true, false, true, false, true, false, true])
    }

    @Test func existingFieldsAreReplacedNotDuplicated() throws {
        let line = try #require(try batch.gradeLine("{\"gold\":\"1\",\"pred\":\"1\",\"correct\":false}", lineNumber: 1))
        #expect(line == "{\"correct\":true,\"extracted\":\"1\",\"gold\":\"1\",\"pred\":\"1\",\"rule\":\"whole-text\"}")
    }

    @Test func invalidJSONNamesTheLine() {
        var written = 0
        #expect(throws: MathGraderError.invalidJSON(line: 2)) {
            try batch.grade("{\"gold\":\"1\",\"pred\":\"1\"}\n{not json\n") { _ in written += 1 }
        }
        #expect(written == 1)
    }

    @Test func missingPredictionNamesTheLineAndField() {
        #expect(throws: MathGraderError.missingField("pred", line: 4)) {
            try batch.gradeLine("{\"gold\":\"1\"}", lineNumber: 4)
        }
        #expect(MathGraderError.missingField("pred", line: 4).description == "Line 4 has no string field 'pred'")
    }

    @Test func nonObjectLineIsRejected() {
        #expect(throws: MathGraderError.notAnObject(line: 1)) { try batch.gradeLine("[1, 2]", lineNumber: 1) }
    }

    @Test func extractedTextIsEscapedAsJSON() {
        #expect(JSONLGrading.quotedForTesting("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"")
    }
}
