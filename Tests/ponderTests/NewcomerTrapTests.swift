import Foundation
import PonderTesting
import Testing

/// The small traps a newcomer met (issue 17), each as a command line: a clear error naming the fix, or
/// nothing left behind.
@Suite struct NewcomerTrapTests {
    @Test func dashNIsAnErrorThatNamesTheBudgetAndTheTokenLimit() async throws {
        let output = try await PonderBinary.run(["solve", "-n", "512", "What is 1+1?"])
        #expect(output.failedCleanly)
        #expect(output.stderr.contains("-n is ambiguous"), "stderr: \(output.stderr)")
        #expect(output.stderr.contains("--n 512") && output.stderr.contains("--max-tokens 512"))
        let long = try await PonderBinary.run(["solve", "--n", "0", "What is 1+1?"])
        #expect(long.stderr.contains("Invalid n '0'"), "--n is still the budget: \(long.stderr)")
    }

    @Test func aVerifierForAStrategyWithoutOneIsAnError() async throws {
        for strategy in ["cot", "majority"] {
            let output = try await PonderBinary.run(
                [
                    "solve", "--strategy", strategy, "--verifier", "generative", "--policy-url", "http://127.0.0.1:9",
                    "What is 1+1?",
                ])
            #expect(output.failedCleanly)
            #expect(
                output.stderr.contains("Verifier 'generative' is given but no strategy uses one"),
                "stderr: \(output.stderr)")
        }
    }

    @Test func aTraceForAStrategyWithoutATreeIsAnErrorAndWritesNothing() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-trace-\(UUID()).jsonl").path
        let output = try await PonderBinary.run(["solve", "--strategy", "cot", "--trace", path, "What is 1+1?"])
        #expect(output.failedCleanly)
        #expect(output.stderr.contains("--trace draws the tree of beam, dvts and particle-filter"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anEvaluationThatFailsBeforeWorkLeavesNoDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-trap-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("d.jsonl")
        try Data(#"{"problem": "1+1", "answer": "2"}"#.utf8).write(to: data)
        let db = folder.appendingPathComponent("e.sqlite").path
        let output = try await PonderBinary.run(
            ["eval", "--dataset", data.path, "--strategies", "majority", "--model", "no-such.gguf", "--db", db])
        #expect(output.failedCleanly)
        #expect(output.stderr.contains("'no-such.gguf' does not exist"), "stderr: \(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
