import ArgumentParser
import Foundation
import PonderBackends
import PonderCore
import PonderEval
import PonderTesting
import Testing

@testable import ponder

/// A database for the commands that read or change one: made by the `eval` command's runner on scripted backends.
enum ScriptedEvalDatabase {
    /// A folder with a closed current-version database of majority runs on two problems, written through the
    /// `eval` command's runner on scripted backends.
    static func with(_ body: (URL, String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-db-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try TinyDataset.write(in: folder)
        let db = folder.appendingPathComponent("runs.sqlite").path
        let request = try EvalCommand.parse([
            "--dataset", dataset.path, "--strategies", "majority", "--budgets", "2,4", "--db", db, "--policy-url",
            "http://127.0.0.1:9",
        ]).makeRequest()
        let backends = Backends(
            policy: StepScriptPolicy { path, sibling in
                path.isEmpty ? .init("s\(sibling)") : .init("\\boxed{2}", .endOfGeneration)
            },
            verifier: ScriptedPRM(table: [:]))
        do {
            let runner = EvalCommand.runner(on: backends, store: try EvalStore(path: db), concurrency: 2)
            #expect(try await runner.run(request.runs, on: request.dataset).finished == 2)
        }
        try await body(folder, db)
    }
}
