import Foundation
import NIOHTTP1
import PonderCore
import PonderTesting
import Testing

@testable import PonderServer

/// `strategy: auto` on the server: the planner plans each request with the server's profile and reports its plan;
/// a server without a fitting profile refuses `auto` with a 400 and keeps serving.
struct AutoStrategyEndpointTests {
    static let question = #"{"role": "user", "content": "What is 3 + 4?"}"#

    /// A profile for the scripted policy (or `policy`): majority vote at 4 and 8, 8 better on medium problems.
    static func planner(policy: String = "scripted", force: Bool = false) -> PlannerSettings {
        let sampling = SamplingParameters(temperature: 0.7, maxTokens: 256)
        func configuration(_ budget: Int, medium: Double) -> PlannedConfiguration {
            let measured = { (value: Double) in
                MeasuredAccuracy(problems: 10, accuracy: value, lower: value, upper: value)
            }
            return PlannedConfiguration(
                strategy: .majority, budget: budget, rule: .majority, verifier: "none", sampling: sampling,
                tree: TreeSearchParameters(budget: budget), overall: measured((0.9 + medium) / 2),
                bins: [.easy: measured(0.9), .medium: measured(medium), .hard: measured(0)],
                cost: MeasuredCost(generations: budget, generatedTokens: 100, flops: 1e9, seconds: Double(budget)))
        }
        let profile = PlannerProfile(
            policy: ProfileModel(name: policy, parameterCount: 1_000_000),
            probe: PlannerProfile.ProbeSettings(samples: 2, sampling: sampling), predictor: nil,
            configurations: [configuration(4, medium: 0.4), configuration(8, medium: 0.6)],
            provenance: PlannerProfile.Provenance(
                command: "test", dataset: "toy", problems: 20, binProblems: [.easy: 10, .medium: 10],
                created: "2026-11-30T00:00:00Z"))
        return PlannerSettings(profile: profile, source: "test-profile.json", forceProfile: force)
    }

    @Test func autoPlansTheRequestAndReportsItsPlan() async throws {
        let policy = ScriptedPolicy(answers: ["7", "8", "7", "7"])
        let configuration = ServerHarness.configuration(planner: Self.planner())
        try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "ponder": {"strategy": "auto", "budget": 8}, "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 200, "\(reply.body)")
            let ponder = try #require(reply.json["ponder"] as? [String: Any])
            #expect(ponder["strategy"] as? String == "auto")
            #expect(ponder["answer"] as? String == "7")
            let plan = try #require(ponder["plan"] as? [String: Any], "\(reply.body)")
            #expect(plan["decision"] as? String == "run")
            let budget = try #require(plan["budget"] as? [String: Any])
            #expect(budget["generations"] as? Int == 8)
            // Without a predictor the bins are uniform, so majority@8 (better on medium problems) is chosen and
            // reuses the probe's two samples: eight generations in all, none twice.
            let chosen = try #require(plan["chosen"] as? [String: Any])
            #expect((chosen["configuration"] as? [String: Any])?["budget"] as? Int == 8)
            #expect(policy.calls.flatMap(\.requests).count == 8)
        }
    }

    @Test func theAliasAndTheHeaderChooseAutoToo() async throws {
        let configuration = ServerHarness.configuration(planner: Self.planner())
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"]), configuration: configuration) {
            server in
            let alias = try await server.chat(#"{"model": "tiny@auto-4", "messages": [\#(Self.question)]}"#)
            #expect(alias.status == 200, "\(alias.body)")
            let plan = try #require((alias.json["ponder"] as? [String: Any])?["plan"] as? [String: Any])
            #expect((plan["budget"] as? [String: Any])?["generations"] as? Int == 4)
            let header = try await server.chat(
                #"{"model": "tiny", "messages": [\#(Self.question)]}"#, headers: [("X-Ponder-Strategy", "auto")])
            #expect(header.status == 200)
            #expect((header.json["ponder"] as? [String: Any])?["strategy"] as? String == "auto")
            let models = try await server.request(.GET, "/v1/models")
            let ids = (models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.contains("tiny@auto-8"))
        }
    }

    @Test func autoWithAProfileOfAnotherPolicyIsRefusedAndTheServerStaysUp() async throws {
        let configuration = ServerHarness.configuration(planner: Self.planner(policy: "qwen-other"))
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"]), configuration: configuration) {
            server in
            let reply = try await server.chat(
                #"{"model": "tiny", "ponder": {"strategy": "auto"}, "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 400)
            #expect(reply.error["param"] as? String == "ponder.strategy")
            let message = try #require(reply.error["message"] as? String)
            #expect(message.contains("qwen-other") && message.contains("--force-profile"), "\(message)")
            let models = try await server.request(.GET, "/v1/models")
            let ids = (models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(!ids.contains("tiny@auto-8"))
            // Still serving.
            let fixed = try await server.chat(#"{"model": "tiny", "messages": [\#(Self.question)]}"#)
            #expect(fixed.status == 200)
        }
        let forced = ServerHarness.configuration(planner: Self.planner(policy: "qwen-other", force: true))
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"]), configuration: forced) { server in
            let reply = try await server.chat(#"{"model": "tiny@auto-4", "messages": [\#(Self.question)]}"#)
            #expect(reply.status == 200, "\(reply.body)")
        }
    }

    @Test func autoOnAServerWithoutAProfileIsA400() async throws {
        try await ServerHarness.withServer(policy: ScriptedPolicy(answers: ["7"])) { server in
            let reply = try await server.chat(
                #"{"model": "tiny", "messages": [\#(Self.question)]}"#, headers: [("X-Ponder-Strategy", "auto")])
            #expect(reply.status == 400)
            #expect(reply.error["param"] as? String == "X-Ponder-Strategy")
            #expect((reply.error["message"] as? String)?.contains("needs a planner profile") == true)
        }
    }
}
