import Foundation
import PonderTesting
import Testing

/// Exit 64 and a usage hint are for bad arguments only; failures at run time exit 1 with their message.
@Suite(.serialized) struct ExitCodeTests {
    @Test func unknownAndMissingModelsAreErrorsOfModelsPath() async throws {
        let unknown = try await PonderBinary.run(["models", "path", "no-such-model"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Unknown model 'no-such-model'"))
        #expect(!unknown.stderr.contains("Usage:"))
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-home-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        let missing = try await PonderBinary.run(
            ["models", "path", "qwen2.5-coder-0.5b"], environment: ["PONDER_HOME": home.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("is not installed; run `ponder models pull qwen2.5-coder-0.5b`"))
    }

    @Test func aMissingDatasetSaysWhereNamesAreLookedUp() async throws {
        let output = try await PonderBinary.run(
            [
                "eval", "--dataset", "math5000", "--strategies", "cot", "--db",
                FileManager.default.temporaryDirectory.appendingPathComponent("ponder-never-\(UUID()).sqlite").path,
            ],
            environment: ["PONDER_DATA_DIR": "/nonexistent-data"])
        #expect(output.failedCleanly)
        #expect(output.stderr.contains("'/nonexistent-data/math5000.jsonl' does not exist either"), "\(output.stderr)")
        #expect(output.stderr.contains("PONDER_DATA_DIR=../shared/data"))
    }

    @Test func theVersionIsPrinted() async throws {
        let output = try await PonderBinary.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.3.0")
    }

    @Test func badArgumentsStillExit64WithUsage() async throws {
        let output = try await PonderBinary.run(["eval", "--strategies", "majority", "--db"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("Usage:"))
    }

    @Test func negativeBudgetsAndTemperaturesNameTheValue() async throws {
        let budget = try await PonderBinary.run(["solve", "--n", "-3", "What is 1+1?"])
        #expect(budget.failedCleanly)
        #expect(budget.stderr.contains("Invalid n '-3'"), "stderr: \(budget.stderr)")
        let temperature = try await PonderBinary.run(["solve", "--temperature", "-1", "What is 1+1?"])
        #expect(temperature.stderr.contains("Invalid temperature '-1.0'"), "stderr: \(temperature.stderr)")
    }

    @Test func aGiveUpShareNeedsARuleAndAShareInRange() async throws {
        for (arguments, message) in [
            (["--give-up", "0.5"], "--give-up 0.5 needs a stopping rule"),
            (["--stop", "beta:0.8", "--give-up", "2"], "Invalid give-up share '2.0'"),
            (["--stop", "decided/give-up=0.5"], "Invalid give-up share '0.5'"),
            (["--stop", "beta:0.8/give-up=0.5/foo=1"], "Unknown stopping rule"),
        ] {
            let output = try await PonderBinary.run(["solve", "--strategy", "majority"] + arguments + ["What is 1+1?"])
            #expect(output.failedCleanly, "\(arguments)")
            #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
        }
    }

    @Test func pairwiseThresholdsAndBudgetsOutOfRangeNameTheValue() async throws {
        for (option, value, message) in [
            ("--thresholds", "0.5,0.3", "Invalid threshold '0.3'"), ("--thresholds", "1", "Invalid threshold '1'"),
            ("--budgets", "-3", "Invalid budget '-3'"),
        ] {
            let output = try await PonderBinary.run(
                [
                    "judge", "--pairwise", "--db", "/nonexistent.sqlite", "--dataset", "/nonexistent.jsonl", option,
                    value,
                ])
            #expect(output.failedCleanly, "\(option) \(value)")
            #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
        }
    }

    @Test func judgeCandidateChoicesOutOfRangeNameTheValue() async throws {
        for (arguments, message) in [
            (["--strategy", "bogus"], "Invalid strategy 'bogus'"), (["--samples", "-3"], "Invalid samples '-3'"),
            (["--samples", "0"], "Invalid samples '0'"),
            (["--pairwise", "--mixed-only"], "not with --pairwise"),
        ] {
            let output = try await PonderBinary.run(
                ["judge", "--db", "/nonexistent.sqlite", "--dataset", "/nonexistent.jsonl"] + arguments)
            #expect(output.failedCleanly, "\(arguments)")
            #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
        }
    }

    @Test func aProblemGivenTwiceIsRefused() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-problem-\(UUID()).txt")
        try Data("What is 2+2?".utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let output = try await PonderBinary.run(["solve", "--file", path.path, "What is 1+1?"])
        #expect(output.failedCleanly)
        #expect(output.stderr.contains("not both"))
    }

    @Test(.enabled("default model not installed") { await DefaultModel.isInstalled() })
    func evalRunsThatAllFailExitOneWithoutUsage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-exit-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = String(repeating: "seven ", count: 1500)
        let dataset = folder.appendingPathComponent("long.jsonl")
        try Data(#"{"id": "long", "problem": "\#(long)", "answer": "7"}"#.utf8).write(to: dataset)
        let output = try await PonderBinary.run([
            "eval", "--dataset", dataset.path, "--strategies", "cot", "--context", "600", "--max-tokens", "64",
            "--db", folder.appendingPathComponent("e.sqlite").path,
        ])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("1 problem runs failed"))
        #expect(output.stderr.contains("but context length is 600"))
        #expect(!output.stderr.contains("Usage:"))
    }
}
