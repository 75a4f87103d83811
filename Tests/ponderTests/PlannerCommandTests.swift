import ArgumentParser
import Foundation
import PonderBackends
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Testing

@testable import ponder

/// `ponder calibrate` and `--strategy auto`: a profile calibrated from runs stored by `ponder eval`'s own
/// runner on scripted backends, loaded by `solve`, and the errors a user can meet.
@Suite(.serialized) struct PlannerCommandTests {
    /// Eight problems answered by a scripted policy: its sample i answers "2" on even samples and "5" on odd
    /// ones, so the problems whose gold is 2 come out easy (pass@1 50%) and those whose gold is 7 hard (0%).
    static func storedRuns(in folder: URL) async throws -> String {
        let dataset = folder.appendingPathComponent("tiny.jsonl")
        let lines = (0..<8).map {
            #"{"id": "p\#($0)", "problem": "What is \#($0)+0?", "answer": "\#($0 % 2 == 0 ? 2 : 7)"}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dataset)
        let db = folder.appendingPathComponent("runs.sqlite").path
        let command = try EvalCommand.parse([
            "--dataset", dataset.path, "--strategies", "cot,majority", "--budgets", "1,4,8", "--db", db,
            "--policy-url", "http://127.0.0.1:9", "--max-tokens", "64",
        ])
        let request = try command.makeRequest()
        let backends = Backends(
            policy: ScriptedPolicy(answers: ["2", "5"]), verifier: ScriptedPRM(table: [:]))
        let runner = EvalCommand.runner(on: backends, store: try EvalStore(path: db), concurrency: 2)
        let summary = try await runner.run(request.runs, on: request.dataset)
        #expect(summary.isComplete)
        return db
    }

    @Test func calibrateWritesAProfileThatSolveLoadsAndRuns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-planner-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await Self.storedRuns(in: folder)
        let profilePath = folder.appendingPathComponent("profile.json").path

        let output = try await PonderBinary.run(["calibrate", "--db", db, "--out", profilePath, "--resamples", "200"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("problems (easy 4, medium 0, hard 4)"), "stdout: \(output.stdout)")
        let profile = try PlannerProfile.load(path: profilePath)
        #expect(profile.policy.name == "scripted")
        #expect(profile.provenance.command.hasPrefix("ponder calibrate --db"))
        #expect(Set(profile.configurations.map(\.label)) == ["cot@1", "majority@1", "majority@4", "majority@8"])
        #expect(profile.probe.sampling.maxTokens == 64)

        let solve = try SolveCommand.parse([
            "--strategy", "auto", "--profile", profilePath, "--n", "8", "--policy-url", "http://127.0.0.1:9",
            "What is 1+1?",
        ])
        let request = try solve.makeRequest(readingInput: true)
        let auto = try #require(request.strategy as? AutoStrategy)
        #expect(auto.budget == 8 && auto.profileSource == profilePath)
        let policy = ScriptedPolicy(answers: ["2", "5"])
        let result = try await SolveCommand.solve(
            request, on: Backends(policy: policy, verifier: ScriptedPRM(table: [:])))
        let plan = try #require(result.plan)
        #expect(result.strategy == "auto")
        #expect(plan.features?.samples == 4)
        #expect(plan.spent.generations <= 8)
        #expect(plan.spent.generations == policy.calls.flatMap(\.requests).count)
        #expect(!plan.explanation.isEmpty)

        // The same profile in `ponder eval --strategies auto`: one auto run per budget and problem, stored under
        // its own key with the plan's answer, reported as a series beside the fixed ones.
        let eval = try EvalCommand.parse([
            "--dataset", folder.appendingPathComponent("tiny.jsonl").path, "--strategies", "auto", "--budgets", "4,8",
            "--profile", profilePath, "--db", db, "--policy-url", "http://127.0.0.1:9",
        ])
        let evalRequest = try eval.makeRequest()
        #expect(evalRequest.runs.count == 2)
        let runner = EvalCommand.runner(
            on: Backends(policy: ScriptedPolicy(answers: ["2", "5"]), verifier: ScriptedPRM(table: [:])),
            store: try EvalStore(path: db), concurrency: 2)
        let summary = try await runner.run(evalRequest.runs, on: evalRequest.dataset)
        #expect(summary.isComplete && summary.finished == 16)
        let again = try await runner.run(evalRequest.runs, on: evalRequest.dataset)
        #expect(again.finished == 0 && again.resumed == 16, "auto runs resume like any other")
        let snapshot = try await EvalStore(path: db, readOnly: true).snapshot()
        let autoRuns = snapshot.runs.filter { $0.key.strategy == "auto" }
        #expect(autoRuns.count == 16)
        #expect(autoRuns.allSatisfy { $0.selections.map(\.rule) == ["plan"] })
        #expect(autoRuns.allSatisfy { $0.plan?.features?.samples == 4 }, "every stored run keeps its plan")
        let report = try EvalSummary(snapshot: snapshot)
        let series = try #require(report.series.first { $0.key.strategy == "auto" })
        #expect(series.budgets.map(\.budget) == [4, 8])
        #expect(series.budget(8)?.accuracy(rule: "plan")?.problems == 8)
        // The report's planner table: auto against majority at the budgets both ran, paired over the 8 problems.
        let paired = report.planner.filter { $0.fixed.hasPrefix("majority") }
        #expect(paired.map(\.budget) == [4, 8])
        for row in paired {
            #expect(row.problems == 8)
            #expect(abs(row.difference.estimate - (row.autoAccuracy - row.fixedAccuracy)) < 1e-12)
            #expect(row.difference.lower <= row.difference.estimate && row.difference.estimate <= row.difference.upper)
        }
        // The planner's diagnostics read the stored plans: every probe against its problem's true bin, and the
        // bounds at both budgets.
        #expect(report.plannerDiagnostics.predictions.first?.probes == 16)
        #expect(report.plannerDiagnostics.bounds.map(\.budget) == [4, 8])
        // Calibrating again leaves auto runs out of the profile.
        let recalibrated = try ProfileCalibrator().calibrate(
            snapshot, grader: MathGrader(configuration: .voting), command: "test")
        #expect(!recalibrated.configurations.contains { $0.label.hasPrefix("auto") })
    }

    @Test func badPlannerInputIsAClearError() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-planner-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = folder.appendingPathComponent("garbage.json")
        try Data("{ not json".utf8).write(to: garbage)
        let cases: [([String], String)] = [
            (["solve", "--strategy", "auto", "--profile", "/nonexistent/profile.json", "1+1"], "ponder calibrate"),
            (["solve", "--strategy", "auto", "--profile", garbage.path, "1+1"], "garbage.json"),
            (["solve", "--strategy", "auto", "--n=-3", "1+1"], "at least 1"),
            (["calibrate", "--db", "/nonexistent/runs.sqlite", "--out", folder.path + "/p.json"], "runs.sqlite"),
            (
                ["calibrate", "--db", "/nonexistent/runs.sqlite", "--out", folder.path + "/p.json", "--probe", "0"],
                "probe"
            ),
        ]
        for (arguments, message) in cases {
            let output = try await PonderBinary.run(arguments)
            #expect(output.failedCleanly, "\(arguments) should fail cleanly")
            #expect(output.stderr.contains(message), "\(arguments): stderr was \(output.stderr)")
            #expect(!output.stdout.contains("Answer:"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/p.json"))
    }
}

extension PlannerCommandTests {
    /// `--strategy auto` out of the box: the shipped profile on the default model, on two problems. The probe
    /// never exceeds the budget and the plan is in the JSON.
    @Test(.enabled("default model not installed") { await DefaultModel.isInstalled() })
    func autoRunsOnTheDefaultModelWithTheShippedProfile() async throws {
        for problem in ["What is 7 + 5?", "What is the sum of the first 5 positive odd integers?"] {
            let output = try await PonderBinary.run(
                ["solve", "--strategy", "auto", "--n", "4", "--json", problem],
                environment: ["OMP_WAIT_POLICY": "PASSIVE"])
            #expect(output.status == 0, "stderr: \(output.stderr)")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            #expect(json["strategy"] as? String == "auto")
            let plan = try #require(json["plan"] as? [String: Any], "stdout: \(output.stdout)")
            #expect((plan["profile"] as? String)?.hasPrefix("built-in") == true)
            let spent = try #require(plan["spent"] as? [String: Any])
            #expect((spent["generations"] as? Int ?? 99) <= 4)
            let bins = try #require(plan["bins"] as? [String: Double])
            #expect(abs(bins.values.reduce(0, +) - 1) < 1e-6)
            #expect(["settled", "run", "probe-only"].contains(plan["decision"] as? String ?? ""))
        }
    }
}
