import Foundation
import PonderRemote
import PonderTesting
import Testing

/// `ponder solve` with remote backends, run as a user would, against the fake vLLM server.
@Suite struct SolveCommandRemoteTests {
    private func ponder(_ arguments: [String], environment: [String: String] = [:]) async throws
        -> PonderExecutable.Output
    {
        try await PonderExecutable.run(arguments, environment: environment)
    }

    @Test func solveRunsMajorityVoteOnAServer() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            let run = try await ponder([
                "solve", "--policy-url", endpoint.baseURL, "--n", "3", "--json", "What is 2+2?",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(result["answer"] as? String == "4")
            #expect((result["candidates"] as? [Any])?.count == 3)
            let policy = (result["accounting"] as? [String: Any])?["policy"] as? [String: Any]
            #expect(policy?["model"] as? String == fake.model)
            #expect(result["stop_reason"] as? String == "completed")
            let keys = Self.keys(of: result)
            #expect(keys.contains("step_scores") || keys.contains("generated_tokens"))
            #expect(keys.filter { $0.contains(where: \.isUppercase) }.isEmpty, "snake_case keys only: \(keys.sorted())")
        }
    }

    /// Every key of a JSON value, at any depth.
    private static func keys(of value: Any) -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set(object.keys)) { $0.formUnion(keys(of: $1.value)) }
        }
        if let array = value as? [Any] { return array.reduce(into: []) { $0.formUnion(keys(of: $1)) } }
        return []
    }

    @Test func solveRunsBeamSearchWithARemotePoolingPRM() async throws {
        let fake = FakeVLLM()
        let tracePath = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: tracePath) }
        try await fake.withServer { endpoint in
            let run = try await ponder([
                "solve", "--policy-url", endpoint.baseURL, "--verifier-url", endpoint.baseURL, "--verifier", "pooling",
                "--strategy", "beam", "--n", "4", "--beam-width", "2", "--api-key", "sk-cli-secret", "--trace",
                tracePath,
                "What is 2+2?",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("Answer: 4"))
            #expect(run.stdout.contains("verifier pooling-prm"))
            // Standard error is a pipe here: plain progress lines, the first and the last at least.
            #expect(run.stderr.contains("beam N=4 · depth 1/40 · 1 beam live · sampling"), "stderr: \(run.stderr)")
            #expect(run.stderr.contains(" · done · ") && run.stderr.contains("paths finished"))
            // The trace ends with the outcome: the chosen leaf is one of its finished nodes.
            let lines = try String(contentsOfFile: tracePath, encoding: .utf8).split(separator: "\n")
            let last = try #require(
                try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
            let outcome = try #require(last["outcome"] as? [String: Any])
            #expect(outcome["answer"] as? String == "4")
            let chosen = try #require(outcome["chosen"] as? Int)
            #expect(lines.contains { $0.contains("\"node\":\(chosen),") && $0.contains("\"state\":\"finished\"") })
            #expect(!run.stdout.contains("sk-cli-secret") && !run.stderr.contains("sk-cli-secret"))
            #expect(!fake.requests(to: "/pooling").isEmpty)
            #expect(fake.requests.allSatisfy { $0.authorization == "Bearer sk-cli-secret" })
        }
    }

    @Test func apiKeyComesFromTheEnvironment() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            let run = try await ponder(
                ["solve", "--policy-url", endpoint.baseURL, "--n", "2", "--verbose", "What is 2+2?"],
                environment: ["PONDER_API_KEY": "sk-env-secret"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(fake.requests.allSatisfy { $0.authorization == "Bearer sk-env-secret" })
            #expect(!run.stderr.contains("sk-env-secret"), "not even in debug logs")
        }
    }

    @Test func badRemoteFlagsAreReportedBeforeConnecting() async throws {
        let url = try await ponder(["solve", "--policy-url", "ftp://host", "What is 2+2?"])
        #expect(url.status != 0 && url.status < 128)
        #expect(url.stderr.contains("Invalid server URL 'ftp://host'"))
        let verifier = try await ponder([
            "solve", "--policy-url", "http://127.0.0.1:1", "--verifier-url", "http://127.0.0.1:1", "--verifier",
            "oracle",
            "--strategy", "beam", "What is 2+2?",
        ])
        #expect(verifier.status != 0 && verifier.status < 128)
        #expect(verifier.stderr.contains("Unknown verifier 'oracle'"))
    }

    @Test func unreachableServerIsReported() async throws {
        let port = try FreePort.find()
        let run = try await ponder(["solve", "--policy-url", "http://127.0.0.1:\(port)", "What is 2+2?"])
        #expect(run.status != 0 && run.status < 128)
        #expect(run.stderr.contains("Cannot reach 'http://127.0.0.1:\(port)/v1/models'"), "stderr: \(run.stderr)")
    }
}
