import Foundation
import PonderTesting
import Testing

/// `ponder judge --judge-prompts none`: the signals that need no model, measured on a database's candidates
/// without loading any model, and written per candidate with `--details`.
@Suite struct JudgeCommandTests {
    /// On the scripted database every sample answers 2: right on problem `a` (gold 2), wrong on `b` (gold 3), so
    /// every answer agrees with all of its run's and the agreement ties right with wrong (pooled AUROC 0.5), and no
    /// problem has both right and wrong candidates to rank within. An empty model folder shows no model is needed.
    @Test func signalsAloneNeedNoModel() async throws {
        try await ScriptedEvalDatabase.with { folder, db in
            let home = folder.appendingPathComponent("empty-home")
            let details = folder.appendingPathComponent("details.csv")
            let output = try await PonderBinary.run(
                [
                    "judge", "--db", db, "--dataset", folder.appendingPathComponent("tiny.jsonl").path,
                    "--judge-prompts", "none", "--details", details.path,
                ], environment: ["PONDER_HOME": home.path])
            #expect(output.status == 0, "\(output.stderr)")
            let lines = output.stdout.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.first?.hasPrefix("No judge on ") == true, "\(output.stdout)")
            let agreement = try #require(lines.first { $0.hasPrefix("| answer agreement (no model) |") })
            // name, candidates, right, problems, AUROC, within-problem AUROC, mean right, mean wrong, …
            let cells = agreement.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells[3] == "2", "two problems: \(agreement)")
            #expect(cells[4] == "0.500", "agreement ties right with wrong: \(agreement)")
            #expect(cells[5] == "– (0)", "no problem has both right and wrong: \(agreement)")
            #expect(cells[6] == "1.000" && cells[7] == "1.000", "every answer agrees with all: \(agreement)")
            #expect(lines.contains { $0.hasPrefix("| finished (no model) |") })
            #expect(!lines.contains { $0.hasPrefix("| final-answer ") }, "no judge variant without a model")
            // --details: a row per candidate, each agreeing fully with its run and without a judge's column.
            let csv = try String(contentsOf: details, encoding: .utf8).split(separator: "\r\n").map(String.init)
            #expect(csv.first == "problem_id,candidate,correct,answer,steps,agreement,self-certainty,brevity,finished")
            #expect(csv.count == 1 + (Int(cells[1]) ?? -1), "one row per candidate: \(csv)")
            #expect(
                csv.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[5] == "1.0" })
        }
    }
}
