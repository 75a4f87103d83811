import Foundation
import PonderEval
import PonderTesting
import Testing

@Suite struct GradeCommandTests {
    @Test func gradesAPredictionAgainstAGoldAnswer() async throws {
        let equal = try await PonderBinary.run(["grade", "--gold", "\\frac{1}{2}", "--pred", "So \\boxed{0.5}."])
        #expect(equal.status == 0)
        #expect(equal.stdout.hasPrefix("equal"))
        let different = try await PonderBinary.run(["grade", "--gold", "(1,2)", "--pred", "\\boxed{(2,1)}"])
        #expect(different.status == 0, "differing answers are a verdict, not an error")
        #expect(different.stdout.hasPrefix("not equal"))
    }

    @Test func gradesJSONLAndNamesTheBadLine() async throws {
        let good = try await PonderBinary.run(
            ["grade", "--jsonl", "-"], input: "{\"gold\": \"25\", \"pred\": \"\\\\boxed{025}\"}\n")
        #expect(good.status == 0)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(line["correct"] as? Bool == true)
        let bad = try await PonderBinary.run(
            ["grade", "--jsonl", "-"], input: "{\"gold\": \"1\", \"pred\": \"1\"}\nnot json\n")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("2"), "stderr names line 2: \(bad.stderr)")
    }

    @Test func gradesAnEvaluationDatabaseAgainAndCountsWhatItRead() async throws {
        try await ScriptedEvalDatabase.with { _, db in
            let counts = try await EvalStore(path: db, readOnly: true).counts()
            let output = try await PonderBinary.run(["grade", "--db", db])
            #expect(output.status == 0, "\(output.stderr)")
            // Graded by this grader when stored: nothing changes (the changes themselves: RegradingTests).
            #expect(
                output.stdout
                    == "Graded \(counts.candidates) candidates and \(counts.selections) selections of \(counts.runs) runs "
                    + "again: 0 candidate and 0 selection verdicts changed.\n")
            #expect(counts.runs == 2 && counts.candidates == 8)
        }
    }

    @Test func aMissingDatabaseOrTwoInputsAreRefused() async throws {
        let missing = try await PonderBinary.run(["grade", "--db", "/nonexistent/runs.sqlite"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such database"), "stderr: \(missing.stderr)")
        let both = try await PonderBinary.run(["grade", "--db", "runs.sqlite", "--jsonl", "-"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("Give one of --gold and --pred, --jsonl, or --db"), "stderr: \(both.stderr)")
        let half = try await PonderBinary.run(["grade", "--gold", "1"])
        #expect(half.status != 0)
        #expect(half.stderr.contains("Give both --gold and --pred"), "stderr: \(half.stderr)")
    }
}
