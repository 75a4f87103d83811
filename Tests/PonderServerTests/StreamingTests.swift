import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PonderCore
import PonderTesting
import Testing

@testable import PonderServer

/// Server-sent events: progress as reasoning, then the answer, the usage chunk, `[DONE]`; deadlines and
/// disconnects.
struct StreamingTests {
    static let question = #"{"role": "user", "content": "What is 3 + 4?"}"#

    /// The `data:` payloads of an SSE body, checking its framing on the way.
    static func events(_ body: String) throws -> [String] {
        #expect(body.hasSuffix("data: [DONE]\n\n"))
        var payloads: [String] = []
        for block in body.components(separatedBy: "\n\n") where !block.isEmpty {
            if block.hasPrefix(":") { continue }
            #expect(block.hasPrefix("data: "), "every event is one data line: \(block)")
            #expect(!block.dropFirst(6).contains("\n"))
            payloads.append(String(block.dropFirst(6)))
        }
        return payloads
    }

    static func object(_ payload: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] ?? [:]
    }

    @Test func aStreamSendsProgressThenTheAnswerThenUsageThenDone() async throws {
        let policy = ScriptedPolicy(answers: ["7", "8", "7", "7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "stream": true, "stream_options": {"include_usage": true}, "messages": [\#(Self.question)]}"#
            )
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/event-stream")
            let payloads = try Self.events(reply.body)
            #expect(payloads.last == "[DONE]")
            let chunks = payloads.dropLast().map(Self.object)
            #expect(chunks.allSatisfy { ["chat.completion.chunk"].contains($0["object"] as? String) })
            #expect(Set(chunks.compactMap { $0["id"] as? String }).count == 1)
            let deltas = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any] }
            #expect(deltas.first?["role"] as? String == "assistant")
            let reasoning = deltas.compactMap { $0["reasoning_content"] as? String }.joined()
            #expect(reasoning.contains("Searching: majority with N = 4"))
            #expect(reasoning.contains("4 of 4 finished"))
            #expect(reasoning.contains("- 7: 3 ×"))
            #expect(deltas.compactMap { $0["reasoning"] as? String }.joined() == reasoning)
            // Progress comes before any content.
            let firstContent = try #require(deltas.firstIndex { ($0["content"] as? String)?.isEmpty == false })
            #expect(!deltas[firstContent...].contains { $0["reasoning_content"] != nil })
            let content = deltas.compactMap { $0["content"] as? String }.joined()
            #expect(content == "Let us think.\n\nThe answer is $\\boxed{7}$.")
            let finish = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
            #expect(finish == ["stop"])
            // The usage chunk: no choices, the same usage as a non-streamed reply.
            let usageChunk = try #require(chunks.last)
            #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
            let usage = try #require(usageChunk["usage"] as? [String: Any])
            #expect((usage["completion_tokens"] as? Int ?? 0) > 0)
        }
    }

    @Test func withoutIncludeUsageNoUsageChunkIsSent() async throws {
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"])) { server in
            let reply = try await server.chat(#"{"model": "tiny", "stream": true, "messages": [\#(Self.question)]}"#)
            let chunks = try Self.events(reply.body).dropLast().map(Self.object)
            #expect(chunks.allSatisfy { $0["usage"] == nil })
            #expect(chunks.allSatisfy { ($0["choices"] as? [Any])?.count == 1 })
        }
    }

    @Test func aDeadlineStopsTheSearchWithItsAnswerSoFar() async throws {
        let policy = HangingPolicy(answer: "12")
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "ponder": {"deadline": 0.05}, "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 200)
            let ponder = try #require(reply.json["ponder"] as? [String: Any])
            #expect(ponder["stop_reason"] as? String == "deadline")
            #expect(ponder["answer"] as? String == "12")
            #expect(policy.cancelled == 1)
        }
    }

    @Test func silentStretchesGetKeepAliveComments() async throws {
        let policy = HangingPolicy()
        let configuration = ServerHarness.configuration(keepAlive: .milliseconds(1))
        try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            // The deadline is 5,000 times the keep-alive interval: the silence in between must be filled. (At 200 times,
            // a machine that kept the server's tasks waiting for the whole 0.2 s could deliver the deadline before a
            // second tick: the suite starts every test at once on two cores, and tasks have waited 20 s for a turn.)
            let reply = try await server.chat(
                #"{"model": "tiny", "stream": true, "ponder": {"deadline": 5}, "messages": [\#(Self.question)]}"#)
            #expect(reply.body.contains(": keep-alive\n\n"))
            #expect(reply.body.hasSuffix("data: [DONE]\n\n"))
        }
    }

    @Test func aFailureMidStreamIsAnErrorEventAndTheStreamCloses() async throws {
        let policy = FailingPolicy(ScriptedPolicy(answers: ["7"])) { _, _ in true }
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(#"{"model": "tiny", "stream": true, "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 200)
            #expect(!reply.body.contains("[DONE]"))
            let last = try #require(reply.body.components(separatedBy: "\n\n").last { !$0.isEmpty })
            let error = Self.object(String(last.dropFirst(6)))["error"] as? [String: Any]
            #expect(error?["type"] as? String == "service_unavailable_error")
        }
    }

    @Test func aClientThatDisconnectsCancelsItsSearch() async throws {
        let policy = HangingPolicy()
        try await ServerHarness.withServer(policy: policy) { server in
            let reader = Task {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/chat/completions")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(
                    ByteBuffer(string: #"{"model": "tiny", "stream": true, "messages": [\#(Self.question)]}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
                for try await _ in response.body { break }
            }
            try await reader.value
            // The first chunk arrived and the client hung up: the search is cancelled and its slot freed.
            try await Polling.until { policy.cancelled == 1 && server.service.admission.running == 0 }
            #expect(policy.cancelled == 1)
            #expect(server.service.admission.running == 0)
        }
    }
}
