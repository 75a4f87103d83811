import Foundation
import Testing

@Suite struct GradeCommandTests {
    @Test func gradesAPredictionAgainstAGoldAnswer() throws {
        let equal = try PonderBinary.run(["grade", "--gold", "\\frac{1}{2}", "--pred", "So \\boxed{0.5}."])
        #expect(equal.status == 0)
        #expect(equal.stdout.hasPrefix("equal"))
        let different = try PonderBinary.run(["grade", "--gold", "(1,2)", "--pred", "\\boxed{(2,1)}"])
        #expect(different.status == 0, "differing answers are a verdict, not an error")
        #expect(different.stdout.hasPrefix("not equal"))
    }

    @Test func gradesJSONLAndNamesTheBadLine() throws {
        let good = try PonderBinary.run(
            ["grade", "--jsonl", "-"], input: "{\"gold\": \"25\", \"pred\": \"\\\\boxed{025}\"}\n")
        #expect(good.status == 0)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(line["correct"] as? Bool == true)
        let bad = try PonderBinary.run(
            ["grade", "--jsonl", "-"], input: "{\"gold\": \"1\", \"pred\": \"1\"}\nnot json\n")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("2"), "stderr names line 2: \(bad.stderr)")
    }
}
