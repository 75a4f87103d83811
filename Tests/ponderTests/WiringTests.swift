import ArgumentParser
import Foundation
import PonderBackends
import PonderCore
import PonderEval
import PonderRemote
import PonderTesting
import Testing

@testable import ponder

/// `solve` and `eval` driven in-process: flags become a request (configuration checked, nothing loaded),
/// and the request runs on scripted backends through the same code the commands run.
@Suite struct WiringTests {
    private static let problem = "What is 1+1?"

    @Test func solveFlagsBecomeOneRequestThatRunsOnScriptedBackends() async throws {
        let command = try SolveCommand.parse([
            "--strategy", "beam", "--n", "4", "--beam-width", "2", "--select", "prm-min-max", "--policy-url",
            "http://127.0.0.1:9", Self.problem,
        ])
        let request = try command.makeRequest(readingInput: true)
        let tree = try #require(request.strategy as? TreeSearch)
        #expect(tree.shape == .beam && tree.budget == 4 && tree.tree.beamWidth == 2)
        #expect(tree.selection.name == "prm-min-max")
        guard case .remote(let remote) = request.backends.policy else {
            Issue.record("--policy-url should make the policy remote")
            return
        }
        #expect(remote.endpoints.map(\.baseURL) == ["http://127.0.0.1:9"])
        #expect(request.backends.verifier.kind == .selfCertainty)

        let policy = StepScriptPolicy { path, sibling in
            path.isEmpty ? .init("first \(sibling)") : .init("so \\boxed{\(sibling == 0 ? 2 : 3)}", .endOfGeneration)
        }
        let verifier = ScriptedPRM { path in path.last?.contains("{2}") == true ? 0.9 : 0.2 }
        let result = try await SolveCommand.solve(request, on: Backends(policy: policy, verifier: verifier))
        #expect(result.strategy == "beam")
        #expect(result.answer == "2")
        #expect(result.candidates.allSatisfy { $0.subtree == 0 }, "beam search is one tree")
        #expect(!verifier.calls.isEmpty, "the strategy scored with the backends' verifier")
    }

    @Test func particleFilterFlagsBecomeTheStrategyThatRunsOnScriptedBackends() async throws {
        let command = try SolveCommand.parse([
            "--strategy", "particle-filter", "--n", "3", "--resampling-temperature", "0.5", "--resampling",
            "systematic", "--ess-threshold", "0.25", "--max-depth", "5", "--keep-capped", "--policy-url",
            "http://127.0.0.1:9", Self.problem,
        ])
        let request = try command.makeRequest(readingInput: true)
        let filter = try #require(request.strategy as? ParticleFilter)
        #expect(filter.budget == 3 && filter.tree.maxDepth == 5 && filter.tree.keepLengthCapped)
        #expect(
            filter.resampling == ParticleFilterParameters(temperature: 0.5, scheme: .systematic, essThreshold: 0.25))
        #expect(filter.selection == .lastMax, "its_hub's argmax when no rule is named")
        let named = try SolveCommand.parse([
            "--strategy", "particle-filter", "--select", "majority", "--policy-url", "http://127.0.0.1:9", Self.problem,
        ]).makeRequest(readingInput: true)
        #expect((named.strategy as? ParticleFilter)?.selection == .majority)

        let policy = StepScriptPolicy { path, sibling in
            path.isEmpty ? .init("first \(sibling)") : .init("so \\boxed{\(path[0].suffix(1))}", .endOfGeneration)
        }
        let verifier = ScriptedPRM { path in path.last?.contains("{2}") == true ? 0.9 : 0.2 }
        let result = try await SolveCommand.solve(request, on: Backends(policy: policy, verifier: verifier))
        #expect(result.strategy == "particle-filter")
        #expect(result.candidates.count == 3)
        #expect(result.answer == "2", "prm-last-max picks the particle that scored 0.9")
        #expect(!verifier.calls.isEmpty, "the strategy scored with the backends' verifier")
    }

    @Test func evalRunsParticleFilteringOncePerBudgetWithItsKnobsInTheKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-wiring-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("tiny.jsonl")
        try Data(#"{"id": "a", "problem": "What is 1+1?", "answer": "2"}"#.utf8).write(to: dataset)
        let command = try EvalCommand.parse([
            "--dataset", dataset.path, "--strategies", "particle-filter", "--budgets", "4,8", "--ess-threshold", "0.5",
            "--db", folder.appendingPathComponent("runs.sqlite").path, "--policy-url", "http://127.0.0.1:9",
        ])
        let request = try command.makeRequest()
        #expect(request.runs.map(\.configuration.budget) == [4, 8], "no subsampling: one run per budget")
        #expect(request.runs.allSatisfy { ($0.strategy as? ParticleFilter)?.resampling.essThreshold == 0.5 })
        let key = try #require(request.runs.first?.configuration.parametersKey)
        #expect(key.contains(#""essThreshold":0.5"#) && key.contains(#""resampling":"multinomial""#))
        #expect(!key.contains("beamWidth"), "particle filtering has no beam width")

        let db = folder.appendingPathComponent("runs.sqlite").path
        let backends = Backends(
            policy: StepScriptPolicy { path, sibling in
                path.isEmpty ? .init("s\(sibling)") : .init("\\boxed{2}", .endOfGeneration)
            },
            verifier: ScriptedPRM(table: [:]))
        let store = try EvalStore(path: db)
        let summary = try await EvalCommand.runner(on: backends, store: store, concurrency: 2).run(
            request.runs, on: request.dataset)
        #expect(summary.isComplete)
        #expect(summary.finished == 2, "one run per budget on one problem")
    }

    @Test func evalFlagsBecomeOneRequestThatStoresRunsFromScriptedBackends() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-wiring-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try TinyDataset.write(in: folder)
        let db = folder.appendingPathComponent("runs.sqlite").path
        let command = try EvalCommand.parse([
            "--dataset", dataset.path, "--strategies", "majority,dvts", "--budgets", "2,4", "--beam-width", "2",
            "--db", db, "--policy-url", "http://127.0.0.1:9",
        ])
        let request = try command.makeRequest()
        #expect(request.plan.strategies == [.majority, .dvts])
        #expect(request.dataset.problems.count == 2)
        #expect(!FileManager.default.fileExists(atPath: db), "nothing is created before the backends are made")

        let backends = Backends(
            policy: StepScriptPolicy { path, sibling in
                path.isEmpty ? .init("s\(sibling)") : .init("\\boxed{2}", .endOfGeneration)
            },
            verifier: ScriptedPRM(table: [:]))
        let runner = EvalCommand.runner(on: backends, store: try EvalStore(path: db), concurrency: 2)
        let summary = try await runner.run(request.runs, on: request.dataset)
        #expect(summary.isComplete)
        #expect(summary.finished == 4, "majority and dvts, each run once at N = 4, on two problems")
        let again = try await runner.run(request.runs, on: request.dataset)
        #expect(again.finished == 0 && again.resumed == 4)
    }

    @Test func evalSeedsEachProblemUnlessTheSharedSchemeIsAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-wiring-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try TinyDataset.write(in: folder)
        let base = [
            "--dataset", dataset.path, "--strategies", "majority", "--budgets", "4", "--db",
            folder.appendingPathComponent("runs.sqlite").path, "--policy-url", "http://127.0.0.1:9",
        ]
        let perProblem = try EvalCommand.parse(base).makeRequest()
        #expect(perProblem.plan.seedScheme == .perProblem)
        #expect(perProblem.runs.first?.configuration.parametersKey.contains(#""seeds":"per-problem""#) == true)
        let shared = try EvalCommand.parse(base + ["--seed-scheme", "shared"]).makeRequest()
        #expect(shared.plan.seedScheme == .shared)
        #expect(shared.runs.first?.configuration.parametersKey.contains("seeds") == false)
        let error = #expect(throws: EvalError.self) {
            try EvalCommand.parse(base + ["--seed-scheme", "each"]).makeRequest()
        }
        #expect(error?.description.contains("seed-scheme 'each'") == true)
    }

    @Test(arguments: [
        (["--strategy", "beam", "--n", "12", "--beam-width", "5"], "a multiple of the beam width 5"),
        (
            ["--strategy", "beam", "--n", "4", "--verifier", "pooling"],
            "Missing --verifier-url for the pooling verifier"
        ),
        (
            ["--strategy", "beam", "--n", "4", "--verifier", "token-label", "--verifier-url", "http://127.0.0.1:9"],
            "Missing --prm-format"
        ),
        (["--strategy", "majority", "--verifier", "generative"], "no strategy uses one"),
        (
            ["--strategy", "beam", "--n", "4", "--verifier-url", "http://127.0.0.1:9"],
            "self-certainty runs on the policy"
        ),
        (["--strategy", "beam", "--n", "4", "--verifier", "oracle"], "Unknown verifier 'oracle'"),
        (["--strategy", "particle-filter", "--resampling", "stratified"], "Unknown resampling scheme 'stratified'"),
        (["--strategy", "particle-filter", "--ess-threshold", "2"], "Invalid ESS threshold '2.0'"),
        (["--strategy", "particle-filter", "--resampling-temperature", "0"], "Invalid resampling temperature '0.0'"),
        (["--strategy", "particle-filter", "--lookahead", "1"], "Invalid lookahead '1'"),
        (["--strategy", "majority", "--n", "8", "--max-sequences", "4"], "allows at most 4"),
        (
            [
                "--strategy", "cot", "--trace",
                FileManager.default.temporaryDirectory.appendingPathComponent("t.jsonl").path,
            ],
            "has none"
        ),
    ])
    func badCombinationsFailBeforeAnythingLoads(arguments: [String], message: String) throws {
        // On servers (nothing to inspect), except the engine's sequence limit, which is checked before the
        // model file is read.
        let remote = arguments.contains("--max-sequences") ? [] : ["--policy-url", "http://127.0.0.1:9"]
        let command = try SolveCommand.parse(arguments + remote + [Self.problem])
        #expect {
            _ = try command.makeRequest(readingInput: true)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test(.enabled("default model not installed") { await DefaultModel.isInstalled() })
    func localModelChecksReadOnlyTheVocabulary() throws {
        // Gemma-3-270M ships without a chat template: refused as a judge before its weights load.
        let gemma = try SolveCommand.parse([
            "--strategy", "beam", "--n", "4", "--verifier", "generative", "--verifier-model", "gemma-3-270m",
            Self.problem,
        ])
        #expect {
            _ = try gemma.makeRequest(readingInput: true)
        } throws: { error in
            "\(error)".contains("has no chat template")
        }
        let tooLong = try SolveCommand.parse(["--max-tokens", "20000", "--context", "16384", Self.problem])
        #expect {
            _ = try tooLong.makeRequest(readingInput: true)
        } throws: { error in
            "\(error)".contains("raise --context or lower --max-tokens")
        }
        let fine = try SolveCommand.parse(["--strategy", "majority", "--n", "4", Self.problem])
        guard case .local = try fine.makeRequest(readingInput: true).backends.policy else {
            Issue.record("the default policy is the embedded engine")
            return
        }
    }

    @Test func negativeNumbersAfterAnOptionAreItsValue() {
        #expect(NegativeValues.attached(["solve", "--n", "-3", "q"]) == ["solve", "--n=-3", "q"])
        #expect(NegativeValues.attached(["solve", "-n", "-3"]) == ["solve", "-n=-3"])
        #expect(NegativeValues.attached(["solve", "--temperature", "-1.5"]) == ["solve", "--temperature=-1.5"])
        #expect(NegativeValues.attached(["solve", "--json", "-3"]) == ["solve", "--json", "-3"])
        #expect(NegativeValues.attached(["solve", "--", "--n", "-3"]) == ["solve", "--", "--n", "-3"])
        #expect(NegativeValues.attached(["solve", "--n", "-x"]) == ["solve", "--n", "-x"])
    }

    @Test func everyFlagIsKnownToTheNegativeValueRewrite() {
        // A flag missing from the list would take a following negative number as its value.
        let commands: [any ParsableCommand.Type] = [
            SolveCommand.self, EvalCommand.self, ReportCommand.self, GradeCommand.self, TraceCommand.self,
            ModelsCommand.Pull.self,
        ]
        for command in commands {
            let help = command.helpMessage(columns: 400)
            // Option lines are indented by two spaces; the discussion's lines are not.
            for line in help.split(separator: "\n") where line.hasPrefix("  -") {
                let words = line.split(separator: " ")
                guard let first = words.first, first.hasPrefix("--") else { continue }
                let name = first.hasSuffix(",") ? String(first.dropLast()) : String(first)
                let takesValue = words.count > 1 && words[1].hasPrefix("<")
                if !takesValue, name != "--help" {
                    #expect(NegativeValues.flags.contains(name), "\(command) flag \(name)")
                }
            }
        }
    }

    @Test func listsWithEmptyItemsAreRefused() throws {
        #expect(try EvalCommand.list("4, 16", name: "budgets") == ["4", "16"])
        #expect(throws: EvalError.self) { try EvalCommand.list("4,,16", name: "budgets") }
        #expect(throws: EvalError.self) { try EvalCommand.list("4,", name: "budgets") }
    }
}
