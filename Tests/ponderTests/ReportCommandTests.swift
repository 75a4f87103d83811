import ArgumentParser
import Foundation
import PonderCore
import PonderEval
import PonderTesting
import Testing

@testable import ponder

/// `ponder report` on databases of other schema versions: an older one is read as it is and left byte for byte as
/// it was; a newer one is refused, naming both versions.
@Suite struct ReportCommandTests {
    @Test(arguments: [1, 2])
    func reportReadsAnOlderDatabaseWithoutChangingIt(version: Int) async throws {
        try await ScriptedEvalDatabase.with { folder, db in
            let current = folder.appendingPathComponent("current")
            let output = try await PonderBinary.run(["report", "--db", db, "--out", current.path, "--no-png"])
            #expect(output.status == 0, "\(output.stderr)")

            let old = folder.appendingPathComponent("v\(version).sqlite").path
            try LegacyStoreFixture.write(version: version, from: db, to: old)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: old))
            let legacy = folder.appendingPathComponent("legacy")
            let read = try await PonderBinary.run(["report", "--db", old, "--out", legacy.path, "--no-png"])
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
        try await ScriptedEvalDatabase.with { folder, db in
            try LegacyStoreFixture.setUserVersion(EvalStore.schemaVersion + 1, at: db)
            let out = folder.appendingPathComponent("report").path
            let output = try await PonderBinary.run(["report", "--db", db, "--out", out])
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
