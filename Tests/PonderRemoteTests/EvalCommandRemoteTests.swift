import Foundation
import PonderCore
import PonderEval
import PonderRemote
import PonderTesting
import Testing

/// `ponder eval` and `ponder report` with remote backends, run as a user would, against the fake vLLM server.
@Suite struct EvalCommandRemoteTests {
    /// A folder with a three-problem dataset: the fake's answer (4) is right for two of them.
    private func withDataset(_ body: (_ folder: URL, _ dataset: String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-eval-remote-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("toy.jsonl")
        try Data(
            [
                #"{"id": "a", "problem": "What is 2+2?", "answer": "4", "level": 1}"#,
                #"{"id": "b", "problem": "What is 8/2?", "answer": "\\frac{8}{2}", "level": 2}"#,
                #"{"id": "c", "problem": "What is 2+3?", "answer": "5", "level": 3}"#,
            ].joined(separator: "\n").utf8
        ).write(to: dataset)
        try await body(folder, dataset.path)
    }

    @Test func evalStoresMajorityAndBeamSearchRunsFromServersAndResumes() async throws {
        try await withDataset { folder, dataset in
            let fake = FakeVLLM()
            let db = folder.appendingPathComponent("eval.sqlite").path
            let arguments = [
                "eval", "--dataset", dataset, "--db", db, "--strategies", "majority,beam", "--budgets", "2,4",
                "--beam-width", "2", "--policy-url", "", "--verifier-url", "", "--verifier", "pooling",
                "--api-key", "sk-eval-secret", "--concurrency", "2",
            ]
            try await fake.withServer { endpoint in
                let urls = arguments.map { $0.isEmpty ? endpoint.baseURL : $0 }
                let run = try await PonderExecutable.run(urls)
                #expect(run.status == 0, "stderr: \(run.stderr)")
                // 3 problems × (majority once at N = 4, beam search at N = 2 and at N = 4).
                #expect(run.stdout.contains("Stored 9 new problem runs"), "stdout: \(run.stdout)")
                #expect(!run.stdout.contains("sk-eval-secret") && !run.stderr.contains("sk-eval-secret"))
                #expect(fake.requests.allSatisfy { $0.authorization == "Bearer sk-eval-secret" })
                #expect(!fake.requests(to: "/v1/completions").isEmpty)
                #expect(!fake.requests(to: "/pooling").isEmpty)

                let store = try EvalStore(path: db, readOnly: true)
                let snapshot = try await store.snapshot()
                #expect(snapshot.runs.count == 9)
                for stored in snapshot.runs {
                    #expect(stored.key.policy == fake.model)
                    let verifier = stored.key.strategy == "beam" ? "pooling-prm" : "none"
                    #expect(stored.key.verifier.hasPrefix(verifier), "verifier key: \(stored.key.verifier)")
                    let record = try #require(try await store.loadRecord(id: stored.id))
                    // The grader decides correctness against each gold answer: 4 = 8/2, 4 ≠ 5.
                    #expect(record.candidates.allSatisfy { $0.answer == "4" })
                    #expect(record.candidates.allSatisfy { $0.correct == (stored.key.problemID != "c") })
                    // The server's usage feeds the accounting.
                    #expect(record.accounting.policy.usage.generatedTokens > 0)
                    #expect(record.accounting.policy.model == fake.model)
                }

                // The same command again finds every run stored and generates nothing: its only completion is the
                // one-token probe of the server's capabilities at start-up.
                let before = fake.requests(to: "/v1/completions").count
                let again = try await PonderExecutable.run(urls)
                #expect(again.status == 0, "stderr: \(again.stderr)")
                #expect(again.stdout.contains("Stored 0 new problem runs"), "stdout: \(again.stdout)")
                let completions = fake.requests(to: "/v1/completions").dropFirst(before)
                #expect(completions.count == 1)
                #expect(completions.allSatisfy { $0.json["max_tokens"] as? Int == 1 })
            }

            let out = folder.appendingPathComponent("report").path
            let report = try await PonderExecutable.run(["report", "--db", db, "--out", out, "--no-png"])
            #expect(report.status == 0, "stderr: \(report.stderr)")
            let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
            #expect(summary.contains(fake.model))
            #expect(summary.contains("66.7%"), "two of the three problems are right at every budget")
        }
    }

    @Test func evalReportsAnUnreachableServer() async throws {
        try await withDataset { folder, dataset in
            let port = try FreePort.find()
            let db = folder.appendingPathComponent("eval.sqlite").path
            let run = try await PonderExecutable.run([
                "eval", "--dataset", dataset, "--db", db, "--strategies", "majority", "--policy-url",
                "http://127.0.0.1:\(port)",
            ])
            #expect(run.status != 0 && run.status < 128)
            #expect(run.stderr.contains("Cannot reach 'http://127.0.0.1:\(port)/v1/models'"), "stderr: \(run.stderr)")
        }
    }
}
