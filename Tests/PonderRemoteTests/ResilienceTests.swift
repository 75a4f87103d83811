import Foundation
import PonderCore
import PonderMath
import PonderTesting
import Testing

@testable import PonderRemote

/// Retries, deadlines, malformed replies, replicas that go down, and branches that fail: against the fake server.
@Suite struct ResilienceTests {
    private func connect(
        _ endpoints: [Endpoint], transport: RemoteTransport, timeout: Duration = RemoteTest.longTimeout,
        retry: RetryPolicy = RemoteTest.quickRetry
    )
        async throws -> (RemotePolicy, Prompt)
    {
        let policy = try await RemotePolicy.connect(
            RemoteTest.configuration(endpoints, timeout: timeout, retry: retry), transport: transport)
        return (policy, try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem)))
    }

    private func nextStep(_ policy: RemotePolicy, _ prompt: Prompt) async throws -> Continuation {
        try await policy.continueSolutions(
            [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: 1)],
            parameters: RemoteTest.parameters, progress: nil)[0]
    }

    @Test(arguments: [500, 502, 503, 429])
    func retryableStatusIsRetriedThenSucceeds(status: Int) async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let (policy, prompt) = try await connect([endpoint], transport: transport)
                let before = fake.requests(to: "/v1/completions").count
                fake.update { $0.failures["/v1/completions"] = [status] }
                let continuation = try await nextStep(policy, prompt)
                #expect(continuation.finishReason == .stepBoundary)
                #expect(fake.requests(to: "/v1/completions").count == before + 2, "one failure, one retry")
            }
        }
    }

    @Test(arguments: [400, 404, 422])
    func clientErrorIsNotRetried(status: Int) async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let (policy, prompt) = try await connect([endpoint], transport: transport)
                let before = fake.requests(to: "/v1/completions").count
                fake.update { $0.failures["/v1/completions"] = [status] }
                await #expect {
                    try await nextStep(policy, prompt)
                } throws: { error in
                    (error as? RemoteError)?.status == status && "\(error)".contains("injected failure \(status)")
                }
                #expect(fake.requests(to: "/v1/completions").count == before + 1, "no retry")
            }
        }
    }

    @Test func retriesStopAtTheAttemptLimit() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let (policy, prompt) = try await connect([endpoint], transport: transport)
                let before = fake.requests(to: "/v1/completions").count
                fake.update { $0.failures["/v1/completions"] = [500, 500, 500, 500, 500] }
                await #expect {
                    try await nextStep(policy, prompt)
                } throws: { error in
                    (error as? RemoteError)?.status == 500
                }
                #expect(fake.requests(to: "/v1/completions").count == before + RemoteTest.quickRetry.maxAttempts)
            }
        }
    }

    @Test func malformedJSONIsAClearError() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let (policy, prompt) = try await connect([endpoint], transport: transport)
                let before = fake.requests(to: "/v1/completions").count
                fake.update { $0.malformed = ["/v1/completions"] }
                await #expect {
                    try await nextStep(policy, prompt)
                } throws: { error in
                    let message = "\(error)"
                    return message.hasPrefix("Malformed reply from '\(endpoint.baseURL)/v1/completions'")
                        && message.contains("not valid JSON")
                }
                #expect(fake.requests(to: "/v1/completions").count == before + 1, "a malformed reply is not retried")
            }
        }
    }

    @Test func slowReplyHitsTheDeadline() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                // Connecting probes the server under the generous default deadline; only the held call runs under
                // the short one, and its reply never comes: the deadline is the only way out, however busy the
                // machine.
                let (connected, prompt) = try await connect([endpoint], transport: transport, retry: .never)
                var short = connected.configuration
                short.timeout = .milliseconds(300)
                let policy = RemotePolicy(
                    capabilities: connected.capabilities, configuration: short, backend: connected.backend,
                    pool: connected.pool, logger: connected.logger)
                fake.update { $0.held = ["/v1/completions"] }
                await #expect {
                    try await nextStep(policy, prompt)
                } throws: { error in
                    (error as? RemoteError)?.code == .deadlineExceeded
                        && "\(error)".hasPrefix(
                            "Request '\(endpoint.baseURL)/v1/completions' did not finish within its deadline")
                }
            }
        }
    }

    @Test func unreachableServerIsAConnectionError() async throws {
        let port = try FreePort.find()
        await #expect {
            try await RemoteTest.withTransport { transport in
                try await RemotePolicy.connect(
                    RemoteTest.configuration([try Endpoint("http://127.0.0.1:\(port)")]), transport: transport)
            }
        } throws: { error in
            "\(error)".hasPrefix("Cannot reach 'http://127.0.0.1:\(port)/v1/models'")
        }
    }

    @Test func replicaThatGoesDownMidSearchIsRoutedAround() async throws {
        let first = FakeVLLM()
        let second = FakeVLLM()
        let a = try await first.start()
        let b = try await second.start()
        do {
            try await RemoteTest.withTransport { transport in
                let (policy, prompt) = try await connect([a.endpoint, b.endpoint], transport: transport)
                // The problem's first step goes to one replica; that replica then goes down.
                _ = try await nextStep(policy, prompt)
                let busy = first.requests(to: "/v1/completions").count > 1 ? (first, a) : (second, b)
                let other = busy.0 === first ? second : first
                let before = other.requests(to: "/v1/completions").count
                await busy.1.stop()

                let strategy = try TreeSearch(
                    .beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2, maxDepth: 6),
                    sampling: RemoteTest.parameters)
                let result = try await strategy.search(
                    RemoteTest.problem, in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
                #expect(result.answer == "4")
                #expect(result.accounting.failedRequests == 0)
                #expect(other.requests(to: "/v1/completions").count > before, "the live replica took the problem")
            }
        } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await a.stop()
        await b.stop()
    }

    @Test func problemsStayOnTheirReplica() async throws {
        let first = FakeVLLM()
        let second = FakeVLLM()
        let a = try await first.start()
        let b = try await second.start()
        do {
            try await RemoteTest.withTransport { transport in
                let policy = try await RemotePolicy.connect(
                    RemoteTest.configuration([a.endpoint, b.endpoint]), transport: transport)
                let strategy = try MajorityVote(n: 2, parameters: RemoteTest.parameters)
                for statement in ["What is 2+2?", "What is 1+3?"] {
                    let before = (
                        first.requests(to: "/v1/completions").count, second.requests(to: "/v1/completions").count
                    )
                    _ = try await strategy.search(
                        Problem(statement: statement),
                        in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
                    _ = try await strategy.search(
                        Problem(statement: statement),
                        in: SearchContext(policy: policy, grader: MathGrader(configuration: .voting)))
                    let added = (
                        first.requests(to: "/v1/completions").count - before.0,
                        second.requests(to: "/v1/completions").count - before.1
                    )
                    #expect(added.0 == 0 || added.1 == 0, "both searches of one problem went to one replica")
                    #expect(added.0 + added.1 == 2)
                }
            }
        } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await a.stop()
        await b.stop()
    }

    @Test func failedBranchDegradesTheSearchInsteadOfAbortingIt() async throws {
        let fake = FakeVLLM()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let (policy, prompt) = try await connect([endpoint], transport: transport)
                let root = PartialSolution(prompt: prompt)
                let deeper = root.appending([RemoteTest.step("Step one.\n\n")])
                fake.update { $0.failures["/v1/completions"] = [400] }
                let continuations = try await policy.continueSolutions(
                    [
                        ContinuationRequest(solution: root, extent: .nextStep, seed: 1),
                        ContinuationRequest(solution: deeper, extent: .nextStep, seed: 2),
                    ],
                    parameters: RemoteTest.parameters, progress: nil)
                #expect(continuations.filter { $0.finishReason == .failed }.count == 1)
                #expect(continuations.filter { $0.finishReason == .stepBoundary }.count == 1)
                #expect(continuations.first { $0.finishReason == .failed }?.steps.isEmpty == true)
            }
        }
    }
}
