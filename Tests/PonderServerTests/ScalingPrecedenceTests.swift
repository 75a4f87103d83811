import NIOHTTP1
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

    @Test func particleFilteringRunsFromTheAliasAndTheBodyAndIsListed() async throws {
        let policy = ScriptedPolicy(answers: ["7", "7", "8", "7"])
        try await ServerHarness.withServer(policy: policy) { server in
            let alias = try await server.chat(
                #"{"model": "tiny@particle-filter-4", "messages": [\#(Self.question)]}"#)
            #expect(alias.status == 200)
            #expect(ponder(alias)["strategy"] as? String == "particle-filter")
            #expect(ponder(alias)["budget"] as? Int == 4)
            #expect(ponder(alias)["verifier"] as? String == "self-certainty")

            let body = try await server.chat(
                #"{"model": "tiny", "ponder": {"strategy": "particle-filter", "budget": 3}, "messages": [\#(Self.question)]}"#
            )
            #expect(body.status == 200)
            #expect(ponder(body)["strategy"] as? String == "particle-filter")
            #expect(ponder(body)["budget"] as? Int == 3, "N need not be a multiple of the beam width")

            let lookahead = try await server.chat(
                #"{"model": "tiny", "ponder": {"strategy": "particle-filter", "budget": 4, "lookahead": 1}, "messages": [\#(Self.question)]}"#
            )
            #expect(lookahead.status == 400)
            #expect(lookahead.body.contains("ponder.lookahead"), "\(lookahead.body)")

            let models = try await server.request(.GET, "/v1/models")
            let ids = (models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.contains("tiny@particle-filter-8"))
            let openapi = try await server.request(.GET, "/openapi.json")
            let schemas = (openapi.json["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let strategies = (schemas?["Strategy"] as? [String: Any])?["enum"] as? [String]
            #expect(strategies == StrategyKind.allCases.map(\.rawValue) + ["auto"])
        }
    }
}
