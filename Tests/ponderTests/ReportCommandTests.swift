import ArgumentParser
import Foundation
import PonderBackends
import PonderCore
import PonderEval
import PonderTesting
import Testing

@testable import ponder

/// `ponder report` on databases of other schema versions: an older one is read as it is and left byte for byte as
/// it was; a newer one is refused, naming both versions.
@Suite struct ReportCommandTests {
    /// A folder with a closed current-version database of majority runs on two problems, written through the
    /// `eval` command's runner on scripted backends.
    private func withDatabase(_ body: (URL, String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-report-\(UUID())")
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

    @Test(arguments: [1, 2])
    func reportReadsAnOlderDatabaseWithoutChangingIt(version: Int) async throws {
        try await withDatabase { folder, db in
            let current = folder.appendingPathComponent("current")
            let output = try PonderBinary.run(["report", "--db", db, "--out", current.path, "--no-png"])
            #expect(output.status == 0, "\(output.stderr)")

            let old = folder.appendingPathComponent("v\(version).sqlite").path
            try LegacyStoreFixture.write(version: version, from: db, to: old)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: old))
            let legacy = folder.appendingPathComponent("legacy")
            let read = try PonderBinary.run(["report", "--db", old, "--out", legacy.path, "--no-png"])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == bytes, "the older file is not written")
            #expect(!FileManager.default.fileExists(atPath: old + "-wal"))
            #expect(try LegacyStoreFixture.userVersion(old) == version)
            // The same runs make the same tables, whichever schema holds them.
            for table in ["accuracy.csv", "problems.csv", "pass_at_k.csv"] {
                let expected = try String(contentsOf: current.appendingPathComponent(table), encoding: .utf8)
                let found = try String(contentsOf: legacy.appendingPathComponent(table), encoding: .utf8)
                #expect(found == expected, "\(table)")
                #expect(expected.split(whereSeparator: \.isNewline).count > 1, "\(table) has rows")
            }
        }
    }

    @Test func reportRefusesADatabaseOfANewerSchema() async throws {
        try await withDatabase { folder, db in
            try LegacyStoreFixture.setUserVersion(EvalStore.schemaVersion + 1, at: db)
            let out = folder.appendingPathComponent("report").path
            let output = try PonderBinary.run(["report", "--db", db, "--out", out])
            #expect(output.failedCleanly)
            let newer = EvalStore.schemaVersion + 1
            #expect(
                output.stderr.contains(
                    "has schema version \(newer) but this ponder reads versions 1 to \(EvalStore.schemaVersion)"),
                "stderr: \(output.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
