import Foundation
import PonderCore
import PonderEval
import PonderMath
import Synchronization

/// Paths and fixtures shared by the evaluation tests.
enum TestSupport {
    /// The shared data folder: `$PONDER_DATA_DIR`, else `../shared/data` beside the repository.
    static let dataDirectory: String = {
        if let directory = ProcessInfo.processInfo.environment["PONDER_DATA_DIR"] { return directory }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    /// A file of the shared data folder.
    static func data(_ name: String) -> String { (dataDirectory as NSString).appendingPathComponent(name) }

    /// Whether the shared data is there.
    static var hasData: Bool { FileManager.default.fileExists(atPath: data("math500.jsonl")) }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether this process can make files immutable (`chattr +i`: root, on a file system that has the flag).
    static let canMakeImmutable: Bool = {
        guard let folder = try? temporaryDirectory() else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? setImmutable(true, folder.path)) != nil else { return false }
        return (try? setImmutable(false, folder.path)) != nil
    }()

    /// Sets or clears the immutable flag of `paths`, in order: nobody, root included, can then change them or
    /// create files in an immutable folder.
    static func setImmutable(_ immutable: Bool, _ paths: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [immutable ? "+i" : "-i"] + paths
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: paths.joined(separator: " ")])
        }
    }

    /// A dataset of `count` problems whose gold answers are `answers[i % answers.count]`, levels 1–5 in turn.
    static func dataset(_ answers: [String], count: Int, name: String = "toy") -> Dataset {
        Dataset(
            name: name,
            problems: (0..<count).map { index in
                DatasetProblem(
                    id: "p\(index)", statement: "Problem \(index): what is the answer?",
                    answer: answers[index % answers.count], level: index % 5 + 1, subject: "Toy", line: index + 1)
            })
    }

    /// A graded candidate with an answer, step scores and usage.
    static func candidate(
        _ position: Int, answer: String?, correct: Bool, scores: [Double]? = nil, subtree: Int? = nil,
        usage: TokenUsage = TokenUsage(promptTokensEvaluated: 0, promptTokensReused: 10, generatedTokens: 5)
    ) -> CandidateRecord {
        CandidateRecord(
            position: position, subtree: subtree, text: "The answer is $\\boxed{\(answer ?? "")}$.",
            steps: ["The answer is $\\boxed{\(answer ?? "")}$."], stepScores: scores, answer: answer,
            answerRule: answer == nil ? nil : "boxed", correct: correct, generatedTokens: usage.generatedTokens,
            usage: usage, finishReason: "stop")
    }

    /// Accounting with the given policy usage and no verifier.
    static func accounting(_ usage: TokenUsage, parameters: UInt64 = 1000, wall: Double = 2) -> ComputeAccounting {
        ComputeAccounting(
            policy: ModelCompute(model: "toy-policy", parameterCount: parameters, usage: usage, seconds: wall),
            verifier: nil, wallSeconds: wall)
    }
}

extension TestSupport {
    /// A hand-made stored run: candidates graded by `correct`, outcomes and costs computed as the runner does.
    static func record(
        dataset: String = "fixture", problem: String, level: Int? = nil, strategy: StrategyKind, budget: Int,
        reported: [Int]? = nil, seed: UInt32 = 0, verifier: String = RunKey.noVerifier, policy: String = "toy-policy",
        candidates: [CandidateRecord], rules: [SelectionRule] = [.majority], verifierCompute: ModelCompute? = nil
    ) -> ProblemRunRecord {
        let usage = candidates.reduce(TokenUsage.zero) { $0 + $1.usage }
        var accounting = accounting(usage, wall: Double(budget))
        accounting.verifier = verifierCompute
        let key = RunKey(
            dataset: dataset, problemID: problem, policy: policy, verifier: verifier, strategy: strategy.rawValue,
            budget: budget, seed: seed, parameters: #"{"temperature":0.7}"#)
        let calculator = OutcomeCalculator(voting: MathGrader(configuration: .voting))
        let beamWidth = strategy == .dvts || strategy == .beam ? 4 : nil
        let budgets = reported ?? [budget]
        return ProblemRunRecord(
            key: key, gold: "7", level: level, subject: "Toy", beamWidth: beamWidth, accounting: accounting,
            candidates: candidates,
            selections: calculator.selections(
                candidates: candidates, strategy: strategy, runBudget: budget, beamWidth: beamWidth, budgets: budgets,
                rules: rules),
            costs: calculator.costs(
                candidates: candidates, strategy: strategy, runBudget: budget, beamWidth: beamWidth, budgets: budgets,
                accounting: accounting),
            finishedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// Candidates answering "7" (right) where `pattern` is true and "3" (wrong) elsewhere.
    static func candidates(_ pattern: [Bool], scores: [Double]? = nil) -> [CandidateRecord] {
        pattern.enumerated().map { index, right in
            candidate(
                index, answer: right ? "7" : "3", correct: right, scores: scores.map { [$0[index]] },
                usage: TokenUsage(
                    promptTokensEvaluated: index == 0 ? 50 : 0, promptTokensReused: index == 0 ? 0 : 50,
                    generatedTokens: 10 * (index + 1)))
        }
    }
}
