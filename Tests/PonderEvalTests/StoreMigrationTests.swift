import Foundation
import GRDB
import PonderCore
import PonderEval
import PonderTesting
import Testing

/// Schema version 3's snake_case columns: files of versions 1 and 2 migrated with their data intact, read without
/// being written, and migrated beside another process's reader and writer.
@Suite struct StoreMigrationTests {
    private func withFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    /// Two runs that fill every column between them: a best-of-n run with a verifier, step and outcome scores,
    /// subtrees, an unanswered candidate; and a DVTS run (beam width) without a verifier.
    private static func records(outcomeScores: Bool = true) -> [ProblemRunRecord] {
        var scored = TestSupport.record(
            problem: "p0", level: 3, strategy: .bestOfN, budget: 4, reported: [2, 4], verifier: "toy-prm",
            candidates: TestSupport.candidates([true, false, true, false], scores: [0.9, 0.1, 0.7, 0.25]),
            rules: [.majority, .lastMax],
            verifierCompute: ModelCompute(
                model: "toy-prm", parameterCount: 500,
                usage: TokenUsage(promptTokensEvaluated: 120, promptTokensReused: 40, generatedTokens: 3),
                seconds: 1.5))
        for index in scored.candidates.indices {
            scored.candidates[index].subtree = index / 2
            scored.candidates[index].outcomeScore = outcomeScores ? [0.8, 0.2, 0.6, 1e-9][index] : nil
        }
        scored.candidates[3].answer = nil
        scored.candidates[3].answerRule = nil
        scored.candidates[3].finishReason = "length"
        let tree = TestSupport.record(
            problem: "p1", level: 5, strategy: .dvts, budget: 4, candidates: TestSupport.candidates([false, true]))
        return [scored, tree]
    }

    /// A closed version-`version` file at `path` holding ``records(outcomeScores:)``.
    private static func legacyDatabase(version: Int, at path: String) async throws -> [ProblemRunRecord] {
        let source = path + ".source"
        let records = records(outcomeScores: version >= 2)
        do {
            let store = try EvalStore(path: source)
            for record in records { try await store.record(record) }
        }
        try LegacyStoreFixture.write(version: version, from: source, to: path)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: source + suffix) }
        return records
    }

    private static func columns(_ table: String, in db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
    }

    @Test(arguments: [1, 2])
    func anOlderDatabaseIsMigratedToSnakeCaseWithItsDataIntact(version: Int) async throws {
        try await withFolder { folder in
            let path = folder.appendingPathComponent("v\(version).sqlite").path
            let records = try await Self.legacyDatabase(version: version, at: path)
            let oldColumns = try await DatabaseQueue(path: path).read { db in
                try LegacyStoreFixture.tables.map { try Self.columns($0, in: db) }
            }

            let store = try EvalStore(path: path)
            let snapshot = try await store.snapshot()
            #expect(snapshot.runs.map(\.key) == records.map(\.key))
            for run in snapshot.runs {
                let loaded = try await store.loadRecord(id: run.id)
                #expect(loaded == records.first { $0.key == run.key })
            }
            #expect(snapshot.runs.first?.candidates.map(\.outcomeScore) == records[0].candidates.map(\.outcomeScore))

            let queue = try DatabaseQueue(path: path)
            try await queue.read { db throws in
                #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == EvalStore.schemaVersion)
                #expect(
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") == [
                        "v1", "v2", "v3", "v4", "v5", "v6",
                    ])
                for (table, old) in zip(LegacyStoreFixture.tables, oldColumns) {
                    var expected = old.map(LegacyStoreFixture.snakeCase)
                    if table == "candidate", version == 1 { expected.append("outcome_score") }
                    if table == "run" { expected += ["stop_reason", "samples_spent", "plan"] }  // versions 4 and 5
                    if table == "candidate" { expected.append("step_log_probabilities") }  // version 6
                    #expect(try Self.columns(table, in: db) == expected, "table \(table)")
                }
                #expect(try Self.columns("run", in: db).contains("problem_id"))
                #expect(try Self.columns("cost", in: db).contains("policy_flops"))
                #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
                #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            }
            try queue.close()
        }
    }

    @Test func aMigratedDatabaseKeepsItsUniqueKeyAndCascades() async throws {
        try await withFolder { folder in
            let path = folder.appendingPathComponent("v2.sqlite").path
            let records = try await Self.legacyDatabase(version: 2, at: path)
            let store = try EvalStore(path: path)
            #expect(try await store.record(records[0]) == false, "the same key is stored once")

            let queue = try DatabaseQueue(path: path)
            try await queue.write { db throws in
                // The unique key itself, not only the store's lookup: a copy of a run under a new id is refused.
                #expect(throws: DatabaseError.self) {
                    try db.execute(
                        sql: """
                            CREATE TEMP TABLE copy AS SELECT * FROM main.run WHERE problem_id = 'p0';
                            UPDATE copy SET id = NULL;
                            INSERT INTO main.run SELECT * FROM copy;
                            """)
                }
                let unique = try Row.fetchAll(db, sql: "PRAGMA index_list(run)").filter { $0["unique"] == true }
                let keyColumns = try unique.map { index in
                    let name = (index["name"] as String).quotedDatabaseIdentifier
                    return try Row.fetchAll(db, sql: "PRAGMA index_info(\(name))").map { $0["name"] as String }
                }
                #expect(
                    keyColumns == [
                        ["dataset", "problem_id", "policy", "verifier", "strategy", "budget", "seed", "parameters"]
                    ])
                for table in ["candidate", "selection", "cost"] {
                    let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table))")
                    #expect(
                        keys.map { [$0["table"], $0["from"], $0["to"], $0["on_delete"]] as [String] }
                            == [["run", "run_id", "id", "CASCADE"]], "table \(table)")
                }
            }
            try await queue.write { db throws in
                #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
                try db.execute(sql: "DELETE FROM run WHERE problem_id = 'p0'")
            }
            let expected = EvalStore.Counts(
                runs: 1, candidates: records[1].candidates.count, selections: records[1].selections.count,
                costs: records[1].costs.count)
            #expect(try await store.counts() == expected, "the run's candidates, selections and costs went with it")
            try queue.close()
        }
    }

    @Test(arguments: [1, 2])
    func anOlderDatabaseIsReadWithoutWritingIt(version: Int) async throws {
        try await withFolder { folder in
            let path = folder.appendingPathComponent("old.sqlite").path
            let records = try await Self.legacyDatabase(version: version, at: path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

            let reader = try EvalStore(path: path, readOnly: true)
            let snapshot = try await reader.snapshot()
            #expect(snapshot.runs.map(\.key) == records.map(\.key))
            #expect(snapshot.runs.map(\.accounting) == records.map(\.accounting))
            #expect(snapshot.runs.map(\.costs) == records.map(\.costs))
            let outcomes = snapshot.runs.first?.candidates.map(\.outcomeScore)
            #expect(outcomes == records[0].candidates.map(\.outcomeScore))
            #expect(version == 2 || outcomes == [nil, nil, nil, nil])
            for run in snapshot.runs {
                #expect(try await reader.loadRecord(id: run.id) == records.first { $0.key == run.key })
            }
            #expect(try await reader.datasets() == ["fixture"])
            #expect(try await reader.counts().runs == 2)
            var another = records[0]
            another.key.seed = 9
            await #expect(throws: EvalError.self) { try await reader.record(another) }

            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["old.sqlite"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "byte for byte as it was")
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
        }
    }

    /// An older build still writing (a write transaction open) and a report reading through the old names when a
    /// newer build opens the file for writing: the migration waits for the writer (busy timeout) and then renames;
    /// the reader is not blocked and reads on, the old writer's run is kept, and nothing is torn.
    @Test func aMigrationBesideAnOlderWriterAndAReaderLosesNothing() async throws {
        try await withFolder { folder in
            let path = folder.appendingPathComponent("busy.sqlite").path
            let records = try await Self.legacyDatabase(version: 2, at: path)

            // A raw reader in an open read transaction, through the old names.
            var readerConfiguration = Configuration()
            readerConfiguration.readonly = true
            readerConfiguration.allowsUnsafeTransactions = true
            let reader = try DatabaseQueue(path: path, configuration: readerConfiguration)
            try await reader.writeWithoutTransaction { db throws in
                try db.execute(sql: "BEGIN")
                #expect(try String.fetchAll(db, sql: "SELECT problemID FROM run ORDER BY id") == ["p0", "p1"])
            }

            // The older build's writer, in the middle of storing a run.
            var writerConfiguration = Configuration()
            writerConfiguration.allowsUnsafeTransactions = true
            let oldWriter = try DatabaseQueue(path: path, configuration: writerConfiguration)
            try await oldWriter.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(
                    sql: """
                        CREATE TEMP TABLE r AS SELECT * FROM main.run WHERE problemID = 'p1';
                        UPDATE r SET id = NULL, problemID = 'from-old-build';
                        INSERT INTO main.run SELECT * FROM r;
                        """)
            }

            // A report opened now reads through the WAL (the writer's files are there), with views over the old
            // names, and sees the two committed runs.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            let report = try EvalStore(path: path, readOnly: true)
            #expect(try await report.counts().runs == 2)
            #expect(try await report.snapshot().runs.map(\.key.problemID) == ["p0", "p1"])

            // The newer build opens it for writing while the old one holds the write lock. The pause only makes it
            // likely that the migration is already waiting when the lock goes; whether it began before or after the
            // commit, it must neither fail nor lose the old build's run.
            // Opened on a thread of Dispatch's: SQLite's wait for the lock (up to 60 s) blocks its thread, and on one
            // of the suite's cooperative threads (as many as cores) it would hold up the commit below.
            async let migrated = try withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try EvalStore(path: path) }) }
            }
            try await Task.sleep(for: .milliseconds(300))
            try await oldWriter.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            let store = try await migrated

            // The reader's transaction still sees its snapshot, with the old names.
            try await reader.writeWithoutTransaction { db throws in
                #expect(try String.fetchAll(db, sql: "SELECT problemID FROM run ORDER BY id") == ["p0", "p1"])
                try db.execute(sql: "COMMIT")
            }
            try reader.close()

            let problems = try await store.snapshot().runs.map(\.key.problemID)
            #expect(problems == ["p0", "p1", "from-old-build"])
            #expect(try await store.loadRecord(id: 1) == records[0])
            // The report opened before the migration notices it and reads the renamed tables.
            #expect(try await report.snapshot().runs.map(\.key.problemID) == problems)
            #expect(try await report.loadRecord(id: 1) == records[0])

            // The older build's next write names columns that are gone: refused, nothing written.
            await #expect(throws: DatabaseError.self) {
                try await oldWriter.write { db in
                    try db.execute(sql: "UPDATE run SET problemID = 'x' WHERE id = 1")
                }
            }
            try oldWriter.close()
            #expect(try LegacyStoreFixture.userVersion(path) == EvalStore.schemaVersion)
            let queue = try DatabaseQueue(path: path)
            #expect(try await queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
            try queue.close()
        }
    }

    @Test func runsRoundTripThroughEveryColumnWithNoneLeftEmpty() async throws {
        try await withFolder { folder in
            let store = try EvalStore(path: folder.appendingPathComponent("full.sqlite").path)
            var records = Self.records()
            records[0].stopReason = .settled  // schema 4's columns
            records[0].samplesSpent = 3
            records[0].candidates[0].stepLogProbabilities = [[-0.5, -0.25], [-1]]  // schema 6's column
            records[1].plan = PlanReport(  // schema 5's column
                profile: "built-in", budget: try PlanBudget(generations: 8, flops: 1e13),
                features: nil, bins: [.easy: 0.75, .medium: 0.2, .hard: 0.05], decision: "settled", chosen: nil,
                alternatives: [], reusedProbe: true, spent: PlannedCost(generations: 4, flops: 2.5e12, seconds: 12.25))
            for record in records { #expect(try await store.record(record)) }
            for run in try await store.snapshot().runs {
                #expect(try await store.loadRecord(id: run.id) == records.first { $0.key == run.key })
                #expect(run.plan == records.first { $0.key == run.key }?.plan)
            }

            // Every column of every table is filled by these runs: none is left unwritten by the records' keys.
            let queue = try DatabaseQueue(path: store.path)
            try await queue.read { db throws in
                for table in LegacyStoreFixture.tables {
                    let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)")
                    #expect(!rows.isEmpty)
                    for column in try Self.columns(table, in: db) {
                        #expect(column == column.lowercased(), "snake_case: \(table).\(column)")
                        #expect(rows.contains { !($0[column] as DatabaseValue).isNull }, "\(table).\(column) is filled")
                    }
                }
            }
            try queue.close()
        }
    }
}
