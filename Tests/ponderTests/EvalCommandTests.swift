import Foundation
import PonderTesting
import Testing

/// Bad input to `ponder eval` and `ponder report` gets a clear message and a non-zero exit before any work:
/// no model is loaded and no database is created.
@Suite(.serialized) struct EvalCommandTests {
    private func withFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-eval-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    /// A two-problem dataset in `folder`.
    private func dataset(in folder: URL, lines: [String]? = nil) throws -> String {
        let path = folder.appendingPathComponent("toy.jsonl").path
        let text =
            (lines ?? [
                #"{"id": "a", "problem": "1+1?", "answer": "2"}"#, #"{"id": "b", "problem": "2+2?", "answer": "4"}"#,
            ])
            .joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func expectFailure(_ arguments: [String], mentioning text: String, noDatabaseAt db: String? = nil)
        async throws
    {
        let output = try await PonderBinary.run(arguments)
        #expect(output.status != 0)
        #expect(output.status < 128, "exited, not killed by a signal")
        #expect(output.stderr.contains(text), "stderr was: \(output.stderr)")
        if let db { #expect(!FileManager.default.fileExists(atPath: db), "no database was created") }
    }

    @Test func unknownStrategyFailsBeforeAnyWork() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            try await expectFailure(
                [
                    "eval", "--dataset", try dataset(in: folder), "--strategies", "cot,beem", "--db", db,
                    "--model", "/nonexistent/m.gguf",
                ],
                mentioning:
                    "Unknown strategy 'beem': expected one of cot, majority, best-of-n, beam, dvts, particle-filter, auto",
                noDatabaseAt: db)
        }
    }

    @Test func aBadReplayRuleOrBudgetFailsBeforeAnyWork() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            let common = [
                "eval", "--dataset", try dataset(in: folder), "--db", db, "--model", "/nonexistent/m.gguf",
                "--strategies", "majority",
            ]
            try await expectFailure(
                common + ["--replay-stop", "beta:0.9,"],
                mentioning: "Invalid replay-stop 'beta:0.9,': expected a comma-separated list without empty items",
                noDatabaseAt: db)
            try await expectFailure(
                common + ["--replay-stop", "beta:0.9/give-up=2"], mentioning: "give-up", noDatabaseAt: db)
            try await expectFailure(
                common + ["--replay-stop", "beta:0.9", "--replay-budget", "-3"],
                mentioning: "Invalid replay-budget '-3': expected at least 1", noDatabaseAt: db)
            try await expectFailure(
                common + ["--replay-stop", "beta:0.9", "--replay-budget", "8,x"],
                mentioning: "Invalid replay-budget 'x': expected at least 1", noDatabaseAt: db)
            try await expectFailure(
                common + ["--replay-stop", "beta:0.9", "--replay-budget", "8,"],
                mentioning: "Invalid replay-budget '8,': expected a comma-separated list without empty items",
                noDatabaseAt: db)
            try await expectFailure(
                common + ["--replay-budget", "8"], mentioning: "--replay-budget 8 needs rules to replay",
                noDatabaseAt: db)
        }
    }

    @Test func outcomeScoringWithoutAVerifierStrategyOrWithAnUnknownModeFailsBeforeAnyWork() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            let common = ["eval", "--dataset", try dataset(in: folder), "--db", db, "--model", "/nonexistent/m.gguf"]
            try await expectFailure(
                common + ["--strategies", "cot,majority", "--verifier-mode", "outcome"],
                mentioning: "--verifier-mode outcome without a strategy that uses a verifier", noDatabaseAt: db)
            try await expectFailure(
                common + ["--strategies", "best-of-n", "--verifier-mode", "orm"],
                mentioning: "Unknown verifier mode 'orm': expected one of step, outcome", noDatabaseAt: db)
        }
    }

    @Test func budgetsBelowOneFailBeforeAnyWork() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            let data = try dataset(in: folder)
            try await expectFailure(
                ["eval", "--dataset", data, "--strategies", "majority", "--budgets", "4,0", "--db", db],
                mentioning: "Invalid budget '0': expected at least 1", noDatabaseAt: db)
            try await expectFailure(
                ["eval", "--dataset", data, "--strategies", "majority", "--budgets=-2", "--db", db],
                mentioning: "Invalid budget '-2': expected at least 1", noDatabaseAt: db)
            try await expectFailure(
                ["eval", "--dataset", data, "--strategies", "majority", "--budgets", "four", "--db", db],
                mentioning: "Invalid budget 'four'", noDatabaseAt: db)
        }
    }

    @Test func aBudgetTreeSearchCannotRunFailsBeforeAnyWork() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            try await expectFailure(
                [
                    "eval", "--dataset", try dataset(in: folder), "--strategies", "majority,beam", "--budgets", "1,4",
                    "--db", db,
                ],
                mentioning: "Invalid n '1': expected at least the beam width 4", noDatabaseAt: db)
        }
    }

    @Test func aDatasetLineWithoutAnAnswerIsNamedByItsNumber() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            let data = try dataset(
                in: folder, lines: [#"{"problem": "1+1?", "answer": "2"}"#, #"{"problem": "2+2?"}"#])
            try await expectFailure(
                ["eval", "--dataset", data, "--strategies", "cot", "--db", db],
                mentioning: "Dataset '\(data)' line 2: missing 'answer'", noDatabaseAt: db)
            // Skipping bad lines goes on to loading the model, which does not exist here.
            let skipped = try await PonderBinary.run(
                [
                    "eval", "--dataset", data, "--bad-lines", "skip", "--strategies", "cot", "--db", db,
                    "--model", "/nonexistent/m.gguf",
                ])
            #expect(skipped.status != 0)
            #expect(skipped.stderr.contains("Skipped \(data) line 2: missing 'answer'"))
            #expect(skipped.stderr.contains("'/nonexistent/m.gguf' does not exist"))
        }
    }

    @Test func unknownIdsAndMissingFilesAreNamed() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            let ids = folder.appendingPathComponent("ids.txt").path
            try Data("a\nnope\n".utf8).write(to: URL(fileURLWithPath: ids))
            try await expectFailure(
                ["eval", "--dataset", try dataset(in: folder), "--ids", ids, "--strategies", "cot", "--db", db],
                mentioning: "Dataset 'toy' has no problem with id 'nope'", noDatabaseAt: db)
            try await expectFailure(
                [
                    "eval", "--dataset", folder.appendingPathComponent("missing.jsonl").path, "--strategies", "cot",
                    "--db", db,
                ],
                mentioning: "missing.jsonl': no such file", noDatabaseAt: db)
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, "shared data missing"))
    func datasetNamesAreFoundInTheDataDirectory() async throws {
        try await withFolder { folder in
            let db = folder.appendingPathComponent("e.sqlite").path
            let output = try await PonderBinary.run(
                [
                    "eval", "--dataset", "math500", "--limit", "2", "--strategies", "cot", "--db", db, "--model",
                    "/nonexistent/m.gguf",
                ], environment: ["PONDER_DATA_DIR": SharedData.directory])
            // The name resolved: the error is about the model, not the dataset.
            #expect(output.status != 0)
            let stderr = output.stderr
            #expect(stderr.contains("'/nonexistent/m.gguf' does not exist"), "stderr was: \(stderr)")
        }
    }

    @Test func reportNeedsAnEvaluationDatabase() async throws {
        try await withFolder { folder in
            let out = folder.appendingPathComponent("report").path
            let missing = folder.appendingPathComponent("none.sqlite").path
            try await expectFailure(
                ["report", "--db", missing, "--out", out], mentioning: "Cannot read '\(missing)': no such database")
            let garbage = folder.appendingPathComponent("garbage.sqlite").path
            try Data(String(repeating: "not sqlite ", count: 200).utf8).write(to: URL(fileURLWithPath: garbage))
            try await expectFailure(["report", "--db", garbage, "--out", out], mentioning: "Cannot read '\(garbage)'")
            try await expectFailure(
                ["report", "--db", garbage, "--out", out, "--select", "best"],
                mentioning: "Unknown selection rule 'best'")
            try await expectFailure(
                ["report", "--db", garbage, "--out", out, "--replay-budget", "0"],
                mentioning: "Invalid replay-budget '0': expected at least 1")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
