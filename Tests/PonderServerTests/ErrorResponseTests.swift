import Foundation
import NIOHTTP1
import PonderCore
import PonderTesting
import Testing

@testable import PonderServer

/// Every refusal in OpenAI's envelope, with its status, type, param and code.
struct ErrorResponseTests {
    static let question = #"{"role": "user", "content": "What is 3 + 4?"}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var headers: [(String, String)] = []
        var status: Int
        var param: String?
        var testDescription: String { "\(status) \(param ?? "-"): \(body.prefix(60))" }
    }

    static let badRequests: [Case] = [
        Case(body: "{not json", status: 400),
        Case(body: "[1, 2]", status: 400),
        Case(body: #"{"messages": [\#(question)]}"#, status: 400, param: "model"),
        Case(body: #"{"model": "tiny"}"#, status: 400, param: "messages"),
        Case(body: #"{"model": "tiny", "messages": []}"#, status: 400, param: "messages"),
        Case(
            body: #"{"model": "tiny", "messages": [{"role": "assistant", "content": "hi"}]}"#, status: 400,
            param: "messages"),
        Case(
            body: #"{"model": "tiny", "messages": [{"role": "tool", "content": "x"}]}"#, status: 400,
            param: "messages[0].role"),
        Case(
            body: #"{"model": "tiny", "messages": [{"role": "user", "content": 5}]}"#, status: 400,
            param: "messages[0].content"),
        Case(
            body: #"{"model": "tiny", "frobnicate": 1, "messages": [\#(question)]}"#, status: 400, param: "frobnicate"),
        Case(
            body: #"{"model": "tiny", "tools": [{"type": "function"}], "messages": [\#(question)]}"#, status: 400,
            param: "tools"),
        Case(body: #"{"model": "tiny", "logprobs": true, "messages": [\#(question)]}"#, status: 400, param: "logprobs"),
        Case(
            body: #"{"model": "tiny", "temperature": -1, "messages": [\#(question)]}"#, status: 400,
            param: "temperature"),
        Case(
            body: #"{"model": "tiny", "temperature": "hot", "messages": [\#(question)]}"#, status: 400,
            param: "temperature"),
        Case(body: #"{"model": "tiny", "n": 0, "messages": [\#(question)]}"#, status: 400, param: "n"),
        Case(
            body: #"{"model": "tiny", "max_tokens": 0, "messages": [\#(question)]}"#, status: 400, param: "max_tokens"),
        Case(
            body: #"{"model": "tiny", "stream_options": {"include_usage": true}, "messages": [\#(question)]}"#,
            status: 400, param: "stream_options"),
        Case(
            body: #"{"model": "tiny", "ponder": {"budget": -3}, "messages": [\#(question)]}"#, status: 400,
            param: "ponder.budget"),
        Case(
            body: #"{"model": "tiny", "ponder": {"strategy": "mcts"}, "messages": [\#(question)]}"#, status: 400,
            param: "ponder.strategy"),
        Case(
            body:
                #"{"model": "tiny", "ponder": {"budget": 6, "strategy": "beam", "beam_width": 4}, "messages": [\#(question)]}"#,
            status: 400, param: "ponder.budget"),
        Case(
            body: #"{"model": "tiny", "ponder": {"effort": 1}, "messages": [\#(question)]}"#, status: 400,
            param: "ponder.effort"),
        Case(
            body:
                #"{"model": "tiny", "ponder": {"strategy": "best-of-n", "verifier": "oracle"}, "messages": [\#(question)]}"#,
            status: 400, param: "ponder.verifier"),
        Case(
            body: #"{"model": "tiny", "ponder": {"deadline": "soon"}, "messages": [\#(question)]}"#, status: 400,
            param: "ponder.deadline"),
        Case(
            body: #"{"model": "tiny", "messages": [\#(question)]}"#, headers: [("X-Ponder-Strategy", "mcts")],
            status: 400, param: "X-Ponder-Strategy"),
        Case(
            body: #"{"model": "tiny", "messages": [\#(question)]}"#, headers: [("X-Ponder-Budget", "lots")],
            status: 400, param: "X-Ponder-Budget"),
        Case(body: #"{"model": "tiny@majority-0", "messages": [\#(question)]}"#, status: 400, param: "model"),
        Case(body: #"{"model": "gpt-4o", "messages": [\#(question)]}"#, status: 404),
        Case(body: #"{"model": "tiny@mcts", "messages": [\#(question)]}"#, status: 400, param: "model"),
    ]

    @Test(arguments: badRequests)
    func badRequestsGetTheirStatusAndParam(_ test: Case) async throws {
        let policy = ScriptedPolicy(answers: ["7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(test.body, headers: test.headers)
            #expect(reply.status == test.status)
            #expect(reply.header("Content-Type") == "application/json")
            let error = reply.error
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(error["type"] as? String == "invalid_request_error")
            #expect(error.keys.contains("param") && error.keys.contains("code"))
            #expect(error["param"] as? String == test.param)
            // Nothing ran.
            #expect(policy.calls.isEmpty)
        }
    }

    @Test func aMissingOrWrongKeyIs401AndTheKeyIsNeverEchoed() async throws {
        let configuration = ServerHarness.configuration(apiKey: "sk-secret-123")
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"]), configuration: configuration) {
            server in
            let body = #"{"model": "tiny", "messages": [\#(Self.question)]}"#
            let missing = try await server.chat(body)
            #expect(missing.status == 401)
            #expect(missing.error["type"] as? String == "authentication_error")
            let wrong = try await server.chat(body, headers: [("Authorization", "Bearer sk-secret-124")])
            #expect(wrong.status == 401)
            #expect(!wrong.body.contains("sk-secret"))
            let right = try await server.chat(body, headers: [("Authorization", "Bearer sk-secret-123")])
            #expect(right.status == 200)
            // Health and metrics stay open to probes.
            #expect(try await server.request(.GET, "/health").status == 200)
            #expect(try await server.request(.GET, "/v1/models").status == 401)
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let configuration = ServerHarness.configuration(limits: ServerLimits(maxBodyBytes: 200))
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"]), configuration: configuration) {
            server in
            let long = String(repeating: "x", count: 500)
            let reply = try await server.chat(
                #"{"model": "tiny", "messages": [{"role": "user", "content": "\#(long)"}]}"#)
            #expect(reply.status == 413)
            #expect(reply.error["code"] as? String == "request_too_large")
        }
    }

    @Test func unknownRoutesAre404InTheEnvelope() async throws {
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"])) { server in
            let reply = try await server.request(.GET, "/v1/engines")
            #expect(reply.status == 404)
            #expect(reply.error["code"] as? String == "not_found")
        }
    }

    @Test func aFullQueueIs429WithRetryAfterAndTheServerStaysUp() async throws {
        let policy = HangingPolicy()
        let configuration = ServerHarness.configuration(
            limits: ServerLimits(maxRunning: 1, maxWaiting: 0))
        try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            let body = #"{"model": "tiny", "messages": [\#(Self.question)]}"#
            let hanging = Task { try await server.chat(body) }
            try await Polling.until { policy.calls == 1 }
            let refused = try await server.chat(body)
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "2")
            #expect(refused.error["type"] as? String == "rate_limit_error")
            hanging.cancel()
            _ = try? await hanging.value
            try await Polling.until { server.service.admission.running == 0 }
            #expect(try await server.request(.GET, "/health").status == 200)
        }
    }

    @Test func aFailingBackendIs503() async throws {
        let policy = FailingPolicy(ScriptedPolicy(answers: ["7"])) { _, _ in true }
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 503)
            #expect(reply.error["type"] as? String == "service_unavailable_error")
        }
    }
}

/// A policy whose every call throws: an internal failure, not a backend that is down.
private final class ThrowingPolicy: PolicyModel, Sendable {
    struct Boom: Error {}
    let descriptor = ModelDescriptor(name: "boom", parameterCount: 1, contextLength: 4096, maxParallelSequences: 64)

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt {
        Prompt(text: "p", tokens: [1])
    }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        throw Boom()
    }
}

extension ErrorResponseTests {
    @Test func aFailedSearchIs500AndTellsClientsNotToRetryIt() async throws {
        try await ServerHarness.withServer(policy: ThrowingPolicy()) { server in
            let reply = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 500)
            #expect(reply.error["type"] as? String == "server_error")
            // The OpenAI clients would otherwise run the failed search twice more.
            #expect(reply.header("x-should-retry") == "false")
        }
    }

    @Test func aFullQueueMayBeRetried() async throws {
        let policy = HangingPolicy()
        let configuration = ServerHarness.configuration(limits: ServerLimits(maxRunning: 1, maxWaiting: 0))
        try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            let hanging = Task { try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#) }
            try await Polling.until { policy.calls == 1 }
            let refused = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            #expect(refused.status == 429)
            #expect(refused.header("x-should-retry") == nil)
            hanging.cancel()
            _ = try? await hanging.value
        }
    }
}
