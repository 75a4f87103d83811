import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import PonderBackends
import PonderCore
import PonderServer
import PonderTesting
import Synchronization

/// A server on scripted backends, live on a loopback port, and a client for it.
struct ServerHarness: Sendable {
    let port: Int
    let service: CompletionService

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: String

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The `error` object of an error envelope.
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
    }

    static let model = "tiny"

    struct PortMissing: Error {}

    static func configuration(
        apiKey: String? = nil, limits: ServerLimits = ServerLimits(), deadline: Duration? = nil,
        keepAlive: Duration = .seconds(3600), planner: PlannerSettings? = nil
    ) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1", port: 0, apiKey: apiKey, modelName: model,
            defaults: ScalingSettings(strategy: .fixed(.majority), budget: 4),
            sampling: SamplingParameters(maxTokens: 256), limits: limits, requestDeadline: deadline,
            keepAliveInterval: keepAlive, planner: planner)
    }

    /// Runs `body` against a live server over `policy`.
    static func withServer<Value: Sendable>(
        policy: any PolicyModel, verifier: any ProcessRewardModel = SelfCertainty(),
        configuration: ServerConfiguration = configuration(),
        _ body: @Sendable (ServerHarness) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "ponder.serve.test")
        logger.logLevel = .warning
        let service = CompletionService(
            configuration: configuration, backends: Backends(policy: policy, verifier: verifier), logger: logger)
        let app = buildApplication(service: service, logger: logger)
        return try await app.test(.live) { client in
            guard let port = client.port else { throw PortMissing() }
            return try await body(ServerHarness(port: port, service: service))
        }
    }

    func request(
        _ method: HTTPMethod = .POST, _ path: String, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        let body = try await response.body.collect(upTo: 1 << 24)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: body))
    }

    func chat(_ json: String, headers: [(String, String)] = []) async throws -> Reply {
        try await request(.POST, "/v1/chat/completions", json: json, headers: headers)
    }
}

/// A policy whose calls hang until cancelled, then return cancelled continuations holding a boxed answer:
/// for deadlines and disconnects.
final class HangingPolicy: PolicyModel, Sendable {
    let descriptor = ModelDescriptor(
        name: "hanging", parameterCount: 1000, contextLength: 1 << 20, maxParallelSequences: 64)
    private let state = Mutex<(calls: Int, cancelled: Int)>((0, 0))
    let answer: String

    init(answer: String = "7") { self.answer = answer }

    var calls: Int { state.withLock { $0.calls } }
    var cancelled: Int { state.withLock { $0.cancelled } }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        let text = messages.map(\.content).joined(separator: "\n")
        return Prompt(text: text, tokens: ScriptedPolicy.tokens(text))
    }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        state.withLock { $0.calls += 1 }
        progress?(GenerationProgress(requests: requests.count, finished: 0, generatedTokens: 3, elapsed: 0))
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        state.withLock { $0.cancelled += 1 }
        let text = "So far: \\boxed{\(answer)}"
        return requests.map { _ in
            let tokens = ScriptedPolicy.tokens(text)
            return Continuation(
                steps: [
                    Step(text: text, tokens: tokens, tokenLogProbabilities: Array(repeating: -0.1, count: tokens.count))
                ],
                finishReason: .cancelled, usage: TokenUsage(generatedTokens: tokens.count))
        }
    }
}
