import Foundation
import PonderCore
import PonderEval
import PonderLlama
import PonderMath
import PonderRemote
import PonderTesting
import Synchronization
import Testing

/// Records every continuation a policy returns, to compare token ids across backends.
final class RecordingPolicy: PolicyModel, Sendable {
    let base: any PolicyModel
    private let recorded = Mutex<[Continuation]>([])

    init(_ base: any PolicyModel) { self.base = base }

    var descriptor: ModelDescriptor { base.descriptor }
    /// The token ids of every continuation, in call order.
    var continuations: [[TokenID]] { recorded.withLock { $0.map { $0.steps.flatMap(\.tokens) } } }
    /// The log-probability of every token of every continuation, in call order.
    var logProbabilities: [[Float]] { recorded.withLock { $0.map { $0.steps.flatMap(\.tokenLogProbabilities) } } }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    )
        async throws -> [Continuation]
    {
        let continuations = try await base.continueSolutions(requests, parameters: parameters, progress: progress)
        recorded.withLock { $0 += continuations }
        return continuations
    }

    func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution]) async throws {
        try await base.release(solutions, keeping: kept)
    }
}

/// The remote backends against a real llama-server on the 0.5B model, compared with the embedded engine.
extension RealModels {
    @Suite(
        .serialized,
        .enabled(
            if: TestModel.isAvailable && LlamaServerProcess.isAvailable,
            "model or llama-server not installed: run `make models`"))
    struct LlamaServerTests {
        let problem = Problem(statement: "What is the sum of the first 5 positive odd integers?")
        let parameters = SamplingParameters(temperature: 0, maxStepTokens: 160, maxTokens: 400)

        private func withRemote<T>(_ body: (Endpoint, RemoteTransport) async throws -> T) async throws -> T {
            let path = try #require(TestModel.path)
            return try await LlamaServerProcess.with(model: path) { endpoint in
                let transport = RemoteTransport()
                do {
                    let value = try await body(endpoint, transport)
                    try await transport.shutdown()
                    return value
                } catch {
                    try? await transport.shutdown()
                    throw error
                }
            }
        }

        @Test func majorityAndBeamSearchOverHTTPMatchTheEmbeddedEngineAtTemperatureZero() async throws {
            try await withRemote { endpoint, transport in
                let remote = try await RemotePolicy.connect(
                    RemoteConfiguration(endpoints: [endpoint], connectTimeout: .seconds(600)), transport: transport)
                #expect(remote.capabilities.dialect == .llamaServer)
                #expect(remote.capabilities.slots == 4)
                #expect(remote.descriptor.parameterCount > 0, "the server reports the parameter count")
                let local = LlamaPolicy(engine: try await TestModel.engine())
                let messages = PromptStyle().messages(for: problem)
                #expect(try await remote.renderPrompt(messages) == (try await local.renderPrompt(messages)))

                let strategies: [any SearchStrategy] = [
                    try MajorityVote(n: 4, parameters: parameters),
                    try TreeSearch(
                        .beam, tree: TreeSearchParameters(budget: 4, beamWidth: 2, maxDepth: 10), sampling: parameters),
                ]
                for strategy in strategies {
                    let overHTTP = RecordingPolicy(remote)
                    let embedded = RecordingPolicy(local)
                    let grader = MathGrader(configuration: .voting)
                    let remoteResult = try await strategy.search(
                        problem, in: SearchContext(policy: overHTTP, grader: grader))
                    let localResult = try await strategy.search(
                        problem, in: SearchContext(policy: embedded, grader: grader))

                    #expect(!overHTTP.continuations.isEmpty)
                    #expect(remoteResult.answer != nil)
                    if let split = Self.firstDifference(overHTTP.continuations, embedded.continuations) {
                        // Beam search reuses cached prefixes, and each side batches its new tokens differently;
                        // llama.cpp's logits are not batch-invariant, so a near-tied greedy choice can go either way
                        // (on a 2-core AMD EPYC one did, on an Intel Xeon none). Up to it the tokens are the same,
                        // and there the embedded engine's choice was a close call. The searches part there.
                        #expect(strategy is TreeSearch, "majority samples one prompt on fresh caches: the same tokens")
                        // The embedded engine's choice there, or the server's where the embedded run ended first.
                        let chosen = [embedded.logProbabilities, overHTTP.logProbabilities].lazy.compactMap { runs in
                            runs.indices.contains(split.continuation)
                                && runs[split.continuation].indices.contains(split.token)
                                ? runs[split.continuation][split.token] : nil
                        }.first
                        let probability = chosen.map { exp(Double($0)) }
                        #expect(
                            probability.map { $0 < 0.6 } == true,
                            "token \(split) chosen with \(String(describing: probability))")
                    } else {
                        #expect(remoteResult.answer == localResult.answer, "\(strategy.name)")
                        #expect(remoteResult.candidates.map(\.steps) == localResult.candidates.map(\.steps))
                        #expect(
                            remoteResult.candidates.map(\.finishReason) == localResult.candidates.map(\.finishReason))
                    }
                    let usage = remoteResult.accounting.policy.usage
                    #expect(usage.generatedTokens > 0)
                    if strategy is TreeSearch {
                        #expect(
                            usage.promptTokensReused > usage.promptTokensEvaluated,
                            "the server's cache_n feeds the accounting")
                    } else {
                        // Greedy samples of one prompt are generated once, on a fresh server: all of it evaluated.
                        #expect(usage.promptTokensEvaluated == (try await remote.renderPrompt(messages)).tokens.count)
                    }
                    #expect(remoteResult.accounting.failedRequests == 0)
                }
            }
        }

        /// The first token where two runs' continuations differ (in call order), `nil` when they are the same.
        static func firstDifference(_ left: [[TokenID]], _ right: [[TokenID]]) -> (continuation: Int, token: Int)? {
            for (index, (a, b)) in zip(left, right).enumerated() where a != b {
                let token =
                    zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                return (index, token)
            }
            return left.count == right.count ? nil : (min(left.count, right.count), 0)
        }

        /// `ponder eval --policy-url` against llama-server runs, grades and stores like `ponder eval` on the embedded
        /// engine. At temperature 0 the first problem's greedy solution (a fresh KV cache on both sides) is the same
        /// text, token count and grade. Later requests are not compared token for token: each side then reuses
        /// cached prefixes and batches differently, and llama.cpp's logits are not batch-invariant, so near-tied
        /// greedy choices can differ.
        @Test(.enabled(if: SharedData.isAvailable, "shared data missing: set PONDER_DATA_DIR"))
        func evalOverHTTPStoresWhatTheEmbeddedEngineStores() async throws {
            let path = try #require(TestModel.path)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-eval-server-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let common = [
                "eval", "--dataset", SharedData.directory + "/math500.jsonl", "--ids",
                SharedData.directory + "/math500-s100.json", "--limit", "1", "--strategies", "cot,majority",
                "--budgets", "2", "--temperature", "0", "--max-tokens", "160", "--concurrency", "1",
            ]
            let remoteDB = folder.appendingPathComponent("server.sqlite").path
            let localDB = folder.appendingPathComponent("embedded.sqlite").path
            try await LlamaServerProcess.with(model: path) { endpoint in
                let run = try await PonderExecutable.run(common + ["--db", remoteDB, "--policy-url", endpoint.baseURL])
                #expect(run.status == 0, "stderr: \(run.stderr)")
                #expect(run.stdout.contains("Stored 2 new problem runs"), "stdout: \(run.stdout)")
            }
            let run = try await PonderExecutable.run(common + ["--db", localDB, "--model", path])
            #expect(run.status == 0, "stderr: \(run.stderr)")

            func records(_ db: String) async throws -> [String: ProblemRunRecord] {
                let store = try EvalStore(path: db, readOnly: true)
                var records: [String: ProblemRunRecord] = [:]
                for stored in try await store.snapshot().runs {
                    records[stored.key.strategy] = try await store.loadRecord(id: stored.id)
                }
                return records
            }
            let overHTTP = try await records(remoteDB), embedded = try await records(localDB)
            #expect(Set(overHTTP.keys) == ["cot", "majority"])
            #expect(Set(embedded.keys) == ["cot", "majority"])
            let remote = try #require(overHTTP["cot"]), local = try #require(embedded["cot"])
            #expect(remote.candidates.map(\.text) == local.candidates.map(\.text))
            #expect(remote.candidates.map(\.generatedTokens) == local.candidates.map(\.generatedTokens))
            #expect(remote.candidates.map(\.answer) == local.candidates.map(\.answer))
            #expect(remote.candidates.map(\.correct) == local.candidates.map(\.correct))
            #expect(remote.accounting.policy.usage.promptTokensEvaluated > 0)

            let majority = try #require(overHTTP["majority"])
            #expect(majority.candidates.count == 2)
            #expect(majority.candidates.allSatisfy { $0.generatedTokens > 0 && $0.generatedTokens <= 160 })
            #expect(majority.accounting.failedRequests == 0)
            // Greedy samples of one prompt are all the same, and the server is asked for them once.
            #expect(Set(majority.candidates.map(\.text)).count == 1)
            #expect(majority.accounting.policy.usage.generatedTokens == majority.candidates[0].generatedTokens)
        }

        @Test func generativeVerifierOverHTTPAgreesWithTheEmbeddedJudge() async throws {
            try await withRemote { endpoint, transport in
                let remote = try await RemoteGenerativeVerifier.connect(
                    RemoteConfiguration(endpoints: [endpoint], connectTimeout: .seconds(600)), transport: transport)
                let local = try GenerativeVerifier(engine: try await TestModel.engine())
                let steps = [
                    Step(text: "The first 5 positive odd integers are 1, 3, 5, 7 and 9.\n\n", tokens: []),
                    Step(text: "Their sum is 1 + 3 + 5 + 7 + 9 = 27.\n\n", tokens: []),
                ]
                let request = StepScoringRequest(problem: problem, steps: steps, firstStep: 0)
                let overHTTP = try await remote.scoreSteps([request])[0]
                let embedded = try await local.scoreSteps([request])[0]
                #expect(overHTTP.scores.count == 2)
                for (a, b) in zip(overHTTP.scores, embedded.scores) {
                    #expect(abs(a - b) < 0.02, "P(Yes) over HTTP \(a) versus embedded \(b)")
                }
                #expect(overHTTP.usage.promptTokensEvaluated + overHTTP.usage.promptTokensReused > 0)
            }
        }
    }
}
