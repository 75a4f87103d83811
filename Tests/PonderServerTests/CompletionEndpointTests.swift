import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PonderCore
import PonderTesting
import Testing

@testable import PonderServer

/// The endpoints on a live loopback server over scripted models.
struct CompletionEndpointTests {
    static let question = #"{"role": "user", "content": "What is 3 + 4?"}"#

    @Test func chatCompletionAnswersWithTheMajorityAndHonestUsage() async throws {
        let policy = ScriptedPolicy(answers: ["7", "7", "8", "7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 200)
            let json = reply.json
            #expect(json["object"] as? String == "chat.completion")
            let choices = try #require(json["choices"] as? [[String: Any]])
            #expect(choices.count == 1)
            let message = try #require(choices[0]["message"] as? [String: Any])
            #expect((message["content"] as? String)?.contains("\\boxed{7}") == true)
            #expect(choices[0]["finish_reason"] as? String == "stop")
            let usage = try #require(json["usage"] as? [String: Any])
            let generated = policy.calls.flatMap(\.requests).count
            #expect(generated == 4)
            // Every token of all four samples is a completion token; all but the returned one's are reasoning.
            let each = "Let us think.\n\nThe answer is $\\boxed{7}$.".utf8.count
            #expect(usage["completion_tokens"] as? Int == 4 * each)
            let details = try #require(usage["completion_tokens_details"] as? [String: Any])
            #expect(details["reasoning_tokens"] as? Int == 3 * each)
            let promptTokens = try #require(usage["prompt_tokens"] as? Int)
            #expect(promptTokens > 0)
            #expect(usage["total_tokens"] as? Int == promptTokens + 4 * each)
            let ponder = try #require(json["ponder"] as? [String: Any])
            #expect(ponder["strategy"] as? String == "majority")
            #expect(ponder["budget"] as? Int == 4)
            #expect(ponder["stop_reason"] as? String == "completed")
            let votes = try #require(ponder["votes"] as? [[String: Any]])
            #expect(votes.map { $0["answer"] as? String } == ["7", "8"])
            #expect(votes.map { $0["count"] as? Int } == [3, 1])
        }
    }

    @Test func nReturnsTheBestDistinctAnswersOfOneSearch() async throws {
        let policy = ScriptedPolicy(answers: ["7", "8", "7", "9"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(#"{"model": "tiny", "n": 2, "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 200)
            let choices = try #require(reply.json["choices"] as? [[String: Any]])
            let contents = choices.compactMap { ($0["message"] as? [String: Any])?["content"] as? String }
            #expect(contents.count == 2)
            #expect(contents[0].contains("\\boxed{7}"))
            #expect(!contents[1].contains("\\boxed{7}"))
            #expect(choices.map { $0["index"] as? Int } == [0, 1])
            // One search of four samples, not two searches.
            #expect(policy.calls.count == 1)
        }
    }

    @Test func userStopsCutTheReturnedText() async throws {
        let policy = ScriptedPolicy(answers: ["7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "stop": ["The answer"], "messages": [\#(Self.question)]}"#)
            let choice = try #require((reply.json["choices"] as? [[String: Any]])?.first)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "Let us think.\n\n")
            #expect(choice["finish_reason"] as? String == "stop")
        }
    }

    @Test func samplingFieldsReachThePolicy() async throws {
        let policy = ScriptedPolicy(answers: ["7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "temperature": 0.3, "top_p": 0.9, "seed": 42, "max_completion_tokens": 99, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Earlier"}, {"role": "assistant", "content": "Yes"}, \#(Self.question)]}"#
            )
            #expect(reply.status == 200)
            let call = try #require(policy.calls.first)
            #expect(call.parameters.temperature == 0.3)
            #expect(call.parameters.topP == 0.9)
            #expect(call.parameters.seed == 42)
            #expect(call.parameters.maxTokens == 99)
            let prompt = try #require(call.requests.first?.solution.prompt.text)
            #expect(prompt == "<system>Be brief.\n<user>Earlier\n<assistant>Yes\n<user>What is 3 + 4?\n<assistant>")
        }
    }

    @Test func aRequestWithoutASeedDrawsItsOwnUnlessTheServerFixesOne() async throws {
        let request = #"{"model": "tiny", "messages": [\#(Self.question)]}"#
        let drawing = ScriptedPolicy(answers: ["7"])
        try await ServerHarness.withServer(policy: drawing) { server in
            for _ in 0..<3 {
                let reply = try await server.chat(request)
                #expect(reply.status == 200)
            }
        }
        // Three requests, three draws of 32 bits: fewer would mean a default seed came back.
        let drawn = Set(drawing.calls.map(\.parameters.seed))
        #expect(drawn.count == 3, "\(drawn)")

        let fixed = ScriptedPolicy(answers: ["7"])
        var configuration = ServerHarness.configuration()
        configuration.sampling.seed = 11
        configuration.drawsSeeds = false
        try await ServerHarness.withServer(policy: fixed, configuration: configuration) { server in
            for _ in 0..<2 {
                let reply = try await server.chat(request)
                #expect(reply.status == 200)
            }
        }
        #expect(Set(fixed.calls.map(\.parameters.seed)) == [11], "ponder serve --seed S: reproducible")
    }

    @Test func textCompletionsTakeThePromptAsTheProblem() async throws {
        let policy = ScriptedPolicy(answers: ["7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.request(
                .POST, "/v1/completions", json: #"{"model": "tiny", "prompt": "What is 3 + 4?"}"#)
            #expect(reply.status == 200)
            #expect(reply.json["object"] as? String == "text_completion")
            let choice = try #require((reply.json["choices"] as? [[String: Any]])?.first)
            #expect((choice["text"] as? String)?.contains("\\boxed{7}") == true)
        }
    }

    @Test func modelsHealthMetricsAndOpenAPIAnswer() async throws {
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"])) { server in
            let models = try await server.request(.GET, "/v1/models")
            #expect(models.json["object"] as? String == "list")
            let ids = (models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.contains("tiny") && ids.contains("tiny@beam-16"))
            #expect(try await server.request(.GET, "/health").status == 200)
            _ = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            let metrics = try await server.request(.GET, "/metrics").body
            #expect(metrics.contains("ponder:num_requests_running"))
            #expect(metrics.contains(#"ponder:request_success_total{"#))
            #expect(metrics.contains("ponder:generation_tokens_total"))
            #expect(metrics.contains("ponder:e2e_request_latency_seconds_bucket"))
            let openapi = try await server.request(.GET, "/openapi.json")
            #expect(openapi.json["openapi"] as? String == "3.1.0")
            #expect((openapi.json["paths"] as? [String: Any])?["/v1/chat/completions"] != nil)
        }
    }
}
