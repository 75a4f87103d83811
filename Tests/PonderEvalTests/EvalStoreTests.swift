import Foundation
import GRDB
import PonderCore
import PonderEval
import Testing

@Suite struct EvalStoreTests {
    private func withDatabase(_ body: (String) async throws -> Void) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory.appendingPathComponent("eval.sqlite").path)
    }

    private func majority(_ problem: String, _ pattern: [Bool] = [true, false, true, true]) -> ProblemRunRecord {
        TestSupport.record(
            problem: problem, level: 2, strategy: .majority, budget: 4, reported: [1, 2, 4],
            candidates: TestSupport.candidates(pattern))
    }

    @Test func aRecordRoundTripsWithEveryField() async throws {
        try await withDatabase { path in
            let store = try EvalStore(path: path)
            var record = majority("p0")
            record.candidates[1].stepScores = [0.1, 0.25, 1e-9]
            record.candidates[2].subtree = 3
            #expect(try await store.record(record))
            let snapshot = try await store.snapshot()
            let run = try #require(snapshot.runs.first)
            let loaded = try #require(try await store.loadRecord(id: run.id))
            #expect(loaded == record)
            #expect(run.candidateCount == 4)
            #expect(run.correctCandidates == 3)
            #expect(run.selections.count == 3)
            #expect(run.costs.map(\.budget) == [1, 2, 4])
        }
    }

    @Test func tokenLogProbabilitiesAreStoredAndReadAsSelfCertainty() async throws {
        try await withDatabase { path in
            let store = try EvalStore(path: path)
            var record = majority("p0")
            record.candidates[0].stepLogProbabilities = [[-0.5, -1.5], [-1]]
            record.candidates[1].stepLogProbabilities = [[-0.2], [-.infinity]]
            record.candidates[2].stepLogProbabilities = [[.nan, -0.1]]
            #expect(try await store.record(record))
            let run = try #require(try await store.snapshot().runs.first)
            let loaded = try #require(try await store.loadRecord(id: run.id))

            #expect(loaded.candidates[0].stepLogProbabilities == [[-0.5, -1.5], [-1]])
            // JSON holds no infinities: −∞ is the lowest finite Float; a NaN drops the candidate's values.
            #expect(loaded.candidates[1].stepLogProbabilities == [[-0.2], [-.greatestFiniteMagnitude]])
            #expect(loaded.candidates[2].stepLogProbabilities == nil)
            #expect(loaded.candidates[3].stepLogProbabilities == nil)

            // exp(mean over every token of every step): (−0.5 − 1.5 − 1) / 3 = −1.
            let expected: [Double?] = [exp(-1), 0, nil, nil]
            for (stored, value) in zip(run.candidates, expected) {
                #expect(stored.selfCertainty.map { abs($0 - value!) < 1e-12 } ?? (value == nil))
            }
            // The summary of a loaded record says the same as the snapshot's SQL (which reads the JSON's
            // decimals as doubles, Swift the Floats they print).
            for (record, stored) in zip(loaded.candidates, run.candidates) {
                let summary = StoredCandidate(record).selfCertainty
                #expect((summary == nil) == (stored.selfCertainty == nil))
                #expect(abs((summary ?? 0) - (stored.selfCertainty ?? 0)) < 1e-6)
            }
        }
    }

    @Test func theSameKeyIsStoredOnce() async throws {
        try await withDatabase { path in
            let store = try EvalStore(path: path)
            #expect(try await store.record(majority("p0")))
            #expect(try await store.record(majority("p0", [false, false, false, false])) == false)
            #expect(try await store.counts() == EvalStore.Counts(runs: 1, candidates: 4, selections: 3, costs: 3))
            var otherSeed = majority("p0")
            otherSeed.key.seed = 1
            #expect(try await store.record(otherSeed))
            #expect(try await store.counts().runs == 2)
        }
    }

    @Test func aFailedWriteLeavesNoPartOfTheRun() async throws {
        try await withDatabase { path in
            let store = try EvalStore(path: path)
            var broken = majority("p0")
            broken.candidates[3].position = 0  // the fourth candidate collides with the first
            await #expect(throws: EvalError.self) { try await store.record(broken) }
            #expect(try await store.counts() == EvalStore.Counts(runs: 0, candidates: 0, selections: 0, costs: 0))
            #expect(try await store.record(majority("p0")))
        }
    }

    @Test func aCrashMidTransactionLosesNothingFinishedAndLeavesNothingPartial() async throws {
        try await withDatabase { path in
            let store = try EvalStore(path: path)
            for problem in ["p0", "p1"] { try await store.record(majority(problem)) }

            // Another connection starts storing a third run and is frozen before it commits: a process killed
            // there. A one-page cache makes SQLite spill the uncommitted pages into the WAL file.
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            let writer = try DatabaseQueue(path: path, configuration: configuration)
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = 1")
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "CREATE TEMP TABLE r AS SELECT * FROM run WHERE problem_id = 'p0'")
                try db.execute(sql: "UPDATE r SET id = NULL, problem_id = 'crashed'")
                try db.execute(sql: "INSERT INTO run SELECT * FROM r")
                try db.execute(sql: "CREATE TEMP TABLE c AS SELECT * FROM candidate WHERE run_id = 1")
                try db.execute(sql: "UPDATE c SET run_id = (SELECT max(id) FROM run), text = zeroblob(20000)")
                for _ in 0..<20 {
                    try db.execute(sql: "INSERT INTO candidate SELECT * FROM c; UPDATE c SET position = position + 4")
                }
            }

            // A reader meanwhile sees the two finished runs only, and is not blocked.
            #expect(try await store.counts() == EvalStore.Counts(runs: 2, candidates: 8, selections: 6, costs: 6))

            // The files as the crash leaves them, opened afresh.
            let copy = path + ".crash"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
            #expect((try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0) > 0)
            let recovered = try EvalStore(path: copy)
            #expect(try await recovered.counts() == EvalStore.Counts(runs: 2, candidates: 8, selections: 6, costs: 6))
            #expect(try await recovered.snapshot().runs.map(\.key.problemID) == ["p0", "p1"])
            #expect(try await recovered.record(majority("p2")))
            try await writer.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        }
    }

    @Test func anotherSchemaVersionIsRefused() async throws {
        try await withDatabase { path in
            _ = try EvalStore(path: path)
            let newer = EvalStore.schemaVersion + 1
            try DatabaseQueue(path: path).writeWithoutTransaction {
                try $0.execute(sql: "PRAGMA user_version = \(newer)")
            }
            #expect {
                try EvalStore(path: path)
            } throws: { error in
                "\(error)"
                    == "Database '\(path)' has schema version \(newer) but this ponder reads versions 1 to "
                    + "\(EvalStore.schemaVersion) (a newer ponder wrote it)"
            }
            #expect(throws: EvalError.self) { try EvalStore(path: path, readOnly: true) }
        }
    }

    @Test func aDatabaseWithOtherTablesIsRefused() async throws {
        try await withDatabase { path in
            try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
            #expect {
                try EvalStore(path: path)
            } throws: { error in
                "\(error)" == "Database '\(path)' is not a ponder evaluation database (it has other tables)"
            }
        }
    }

    @Test func aFileThatIsNotSQLiteIsRefused() async throws {
        try await withDatabase { path in
            try Data(String(repeating: "not a database ", count: 100).utf8).write(to: URL(fileURLWithPath: path))
            #expect {
                try EvalStore(path: path)
            } throws: { error in
                "\(error)".hasPrefix("Cannot read '\(path)'")
            }
        }
    }

    @Test func readingNeedsAnExistingDatabase() async throws {
        try await withDatabase { path in
            #expect {
                try EvalStore(path: path, readOnly: true)
            } throws: { error in
                "\(error)" == "Cannot read '\(path)': no such database"
            }
            _ = try EvalStore(path: path)
            let reader = try EvalStore(path: path, readOnly: true)
            #expect(try await reader.snapshot().runs.isEmpty)
            await #expect(throws: EvalError.self) { try await reader.record(majority("p0")) }
        }
    }

    /// A closed database holding runs p0 and p1, and the bytes and time of its file.
    private func closedDatabase(_ path: String) async throws -> (bytes: Data, modified: Date?) {
        do {
            let store = try EvalStore(path: path)
            for problem in ["p0", "p1"] { try await store.record(majority(problem)) }
        }
        // The last connection closed: SQLite folded the WAL into the file and removed its files.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        return (try Data(contentsOf: URL(fileURLWithPath: path)), modified)
    }

    @Test func readingWritesNothingBesideTheDatabase() async throws {
        try await withDatabase { path in
            let before = try await closedDatabase(path)
            let reader = try EvalStore(path: path, readOnly: true)
            #expect(try await reader.counts() == EvalStore.Counts(runs: 2, candidates: 8, selections: 6, costs: 6))
            #expect(try await reader.snapshot().runs.map(\.key.problemID) == ["p0", "p1"])
            #expect(try await reader.datasets() == ["fixture"])
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["eval.sqlite"], "no -wal, no -shm")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before.bytes)
            let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            #expect(modified == before.modified)
        }
    }

    @Test(.enabled(if: TestSupport.canMakeImmutable, "needs chattr +i (root on ext4, xfs or btrfs)"))
    func aDatabaseInAFolderNobodyCanWriteIsRead() async throws {
        try await withDatabase { path in
            _ = try await closedDatabase(path)
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            // Immutable, the folder refuses new files even to root (plain permission bits do not stop root).
            try TestSupport.setImmutable(true, path, folder)
            defer { try? TestSupport.setImmutable(false, folder, path) }
            #expect(!FileManager.default.createFile(atPath: folder + "/probe", contents: nil), "immutable folder")
            let reader = try EvalStore(path: path, readOnly: true)
            #expect(try await reader.counts().runs == 2)
            #expect(try await reader.snapshot().runs.map(\.key.problemID) == ["p0", "p1"])
        }
    }

    @Test func aReaderSeesRunsAWriterStoresAfterItOpened() async throws {
        try await withDatabase { path in
            _ = try await closedDatabase(path)
            let reader = try EvalStore(path: path, readOnly: true)
            #expect(try await reader.counts().runs == 2)
            let writer = try EvalStore(path: path)
            try await writer.record(majority("p2"))
            #expect(try await reader.counts().runs == 3, "the writer's files appeared: it reads through the WAL")
            try await writer.record(majority("p3"))
            #expect(try await reader.snapshot().runs.map(\.key.problemID) == ["p0", "p1", "p2", "p3"])
        }
    }

    @Test func missingOutcomesAreAddedWithoutTouchingStoredOnes() async throws {
        try await withDatabase { path in
            let store = try EvalStore(path: path)
            try await store.record(majority("p0"))
            let id = try #require(try await store.snapshot().runs.first?.id)
            let extra = SelectionOutcome(budget: 3, rule: "majority", answer: "7", correct: true)
            let changed = SelectionOutcome(budget: 4, rule: "majority", answer: "nonsense", correct: false)
            try await store.addOutcomes(runID: id, selections: [extra, changed], costs: [])
            let selections = try #require(try await store.loadRecord(id: id)).selections
            #expect(selections.count == 4)
            #expect(selections.first { $0.budget == 4 }?.answer == "7")
        }
    }
}
