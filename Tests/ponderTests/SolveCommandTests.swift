import Foundation
import PonderTesting
import Testing

/// Bad input to `ponder solve` gets a clear message and a non-zero exit, never a crash.
@Suite(.serialized) struct SolveCommandTests {
    private func expectFailure(_ arguments: [String], input: String? = nil, mentioning text: String) async throws {
        let output = try await PonderBinary.run(["solve"] + arguments, input: input)
        #expect(output.status != 0)
        #expect(output.status < 128, "exited, not killed by a signal")
        #expect(output.stderr.contains(text), "stderr was: \(output.stderr)")
        #expect(output.stdout.isEmpty || !output.stdout.contains("Answer:"))
    }

    @Test func missingModelFileIsReported() async throws {
        try await expectFailure(
            ["--model", "/nonexistent/m.gguf", "What is 1+1?"], mentioning: "'/nonexistent/m.gguf' does not exist")
    }

    @Test func fileThatIsNotGGUFIsReported() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-cli-\(UUID()).gguf").path
        try Data("plain text".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await expectFailure(["--model", path, "What is 1+1?"], mentioning: "is not a GGUF model")
    }

    @Test func zeroBudgetIsReported() async throws {
        try await expectFailure(["--n", "0", "What is 1+1?"], mentioning: "Invalid n '0': expected at least 1")
    }

    @Test func negativeBudgetIsReported() async throws {
        try await expectFailure(["--n=-3", "What is 1+1?"], mentioning: "Invalid n '-3'")
    }

    @Test func budgetAboveTheEnginesSequencesIsReported() async throws {
        try await expectFailure(["--n", "65", "What is 1+1?"], mentioning: "allows at most 64")
    }

    @Test func emptyProblemIsReported() async throws {
        try await expectFailure(["   "], mentioning: "Problem is empty")
        try await expectFailure([], input: "", mentioning: "Problem is empty")
    }

    @Test func unknownStrategyIsReported() async throws {
        try await expectFailure(
            ["--strategy", "beem", "What is 1+1?"],
            mentioning:
                "Unknown strategy 'beem': expected one of cot, majority, best-of-n, beam, dvts, particle-filter, auto")
    }

    @Test func unknownSelectionRuleIsReported() async throws {
        try await expectFailure(["--select", "best", "What is 1+1?"], mentioning: "Unknown selection rule 'best'")
    }

    @Test func invalidTemperatureIsReported() async throws {
        try await expectFailure(["--temperature=-1", "What is 1+1?"], mentioning: "Invalid temperature '-1.0'")
    }

    @Test func budgetThatIsNotAMultipleOfTheBeamWidthIsReported() async throws {
        try await expectFailure(
            ["--strategy", "beam", "--n", "6", "What is 1+1?"], mentioning: "a multiple of the beam width 4")
        try await expectFailure(
            ["--strategy", "dvts", "--beam-width", "0", "What is 1+1?"], mentioning: "Invalid beam width '0'")
    }

    @Test func unknownVerifierIsReported() async throws {
        try await expectFailure(
            ["--strategy", "beam", "--n", "4", "--verifier", "oracle", "What is 1+1?"],
            mentioning: "Unknown verifier 'oracle'")
    }

    @Test func unknownPRMFormatIsReported() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-prm-\(UUID()).gguf").path
        try Data("GGUF".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await expectFailure(
            [
                "--strategy", "beam", "--n", "4", "--verifier", "token-label", "--verifier-model", path, "--prm-format",
                "shepherd", "What is 1+1?",
            ],
            mentioning: "Unknown PRM format 'shepherd'")
        try await expectFailure(
            ["--strategy", "beam", "--n", "4", "--verifier", "token-label", "--verifier-model", path, "What is 1+1?"],
            mentioning: "Missing --prm-format")
    }

    @Test func missingProblemFileIsReported() async throws {
        try await expectFailure(["--file", "/nonexistent/problem.txt"], mentioning: "Cannot read problem file")
    }

    @Test(.enabled("default model not installed") { await DefaultModel.isInstalled() })
    func promptLongerThanTheContextIsReported() async throws {
        let long = String(repeating: "seven ", count: 1500)
        try await expectFailure(
            ["--context", "600", "--max-tokens", "64", long], mentioning: "but context length is 600")
        try await expectFailure(["--context", "128", long], mentioning: "raise --context or lower --max-tokens")
    }
}

enum DefaultModel {
    static func isInstalled() async -> Bool {
        (try? await PonderBinary.run(["models", "path"]))?.status == 0
    }
}
