import PonderCore
import PonderTesting
import Testing

@testable import PonderServer

/// Defaults, then the model alias, then `X-Ponder-*` headers, then the body's `ponder` object.
struct ScalingPrecedenceTests {
    static let question = #"{"role": "user", "content": "What is 3 + 4?"}"#

    func ponder(_ reply: ServerHarness.Reply) -> [String: Any] { reply.json["ponder"] as? [String: Any] ?? [:] }

    @Test func aliasHeaderAndBodyApplyInOrder() async throws {
        let policy = ScriptedPolicy(answers: ["7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let plain = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            #expect(ponder(plain)["strategy"] as? String == "majority")
            #expect(ponder(plain)["budget"] as? Int == 4)

            let alias = try await server.chat(#"{"model": "tiny@best-of-n-6", "messages": [\#(Self.question)]}"#)
            #expect(ponder(alias)["strategy"] as? String == "best-of-n")
            #expect(ponder(alias)["budget"] as? Int == 6)
            #expect(alias.json["model"] as? String == "tiny@best-of-n-6")

            let header = try await server.chat(
                #"{"model": "tiny@best-of-n-6", "messages": [\#(Self.question)]}"#,
                headers: [("X-Ponder-Budget", "3")])
            #expect(ponder(header)["strategy"] as? String == "best-of-n")
            #expect(ponder(header)["budget"] as? Int == 3)

            let body = try await server.chat(
                #"{"model": "tiny@best-of-n-6", "ponder": {"strategy": "majority", "budget": 2}, "messages": [\#(Self.question)]}"#,
                headers: [("X-Ponder-Strategy", "cot"), ("X-Ponder-Budget", "3")])
            #expect(ponder(body)["strategy"] as? String == "majority")
            #expect(ponder(body)["budget"] as? Int == 2)
        }
    }

    @Test func treeSearchRunsFromTheBody() async throws {
        let policy = ScriptedPolicy(answers: ["7", "7", "8", "7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "ponder": {"strategy": "beam", "budget": 4, "beam_width": 2, "selection": "prm-min-max"}, "messages": [\#(Self.question)]}"#
            )
            #expect(reply.status == 200)
            #expect(ponder(reply)["strategy"] as? String == "beam")
            #expect(ponder(reply)["beam_width"] as? Int == 2)
            #expect(ponder(reply)["selection"] as? String == "prm-min-max")
            #expect(ponder(reply)["verifier"] as? String == "self-certainty")
        }
    }
}
