import Foundation
import GRDB
import PonderCore
import PonderTesting
import Synchronization
import Testing

/// `kill -9` at random points of an evaluation, in a real process (`ponder-eval-fixture`, scripted models): every
/// resumed database must end up row for row what an uninterrupted run stores.
@Suite struct EvalDurabilityTests {
    /// Tables and the columns that measure time, which differ between any two runs.
    private static let timeColumns: Set<String> = [
        "id", "run_id", "finished_at", "policy_seconds", "verifier_seconds", "wall_seconds",
    ]

    @Test func evaluationsKilledAtRandomPointsResumeToTheUninterruptedResult() async throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reference = folder.appendingPathComponent("reference.sqlite").path
        let killed = folder.appendingPathComponent("killed.sqlite").path

        let uninterrupted = try await FixtureProcess.start(["--db", reference]).finish()
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let planned = try #require(uninterrupted.summary["planned"])
        #expect(uninterrupted.summary["finished"] == planned)

        // Each round: a process that freezes after a random number of policy calls (so it cannot finish), killed
        // once the database holds a random number of rows more than before, or once it froze.
        var generator = SplitMix64(seed: 18)
        for round in 0..<6 {
            let before = try Self.storedRuns(killed) ?? 0
            // Freeze before the remaining runs can all finish (each makes at least one policy call), or a round
            // late in the sequence could finish before its kill: how many rows a kill leaves depends on timing.
            let remaining = planned - before
            guard remaining > 1 else { break }
            let target = before + generator.index(below: 12)
            let freezeAfter = 1 + generator.index(below: min(40, remaining - 1))
            let marker = folder.appendingPathComponent("frozen-\(round)").path
            let process = try FixtureProcess.start([
                "--db", killed, "--freeze-after-calls", "\(freezeAfter)", "--frozen-marker", marker,
            ])
            let exit = process.exit
            try await Polling.until {
                (try Self.storedRuns(killed) ?? -1) >= target || FileManager.default.fileExists(atPath: marker)
                    || exit.hasEnded
            }
            process.kill()
            let ended = try await process.finish()
            #expect(ended.killed, "round \(round): the process was killed, not finished (\(ended.stderr))")
        }

        let resumed = try await FixtureProcess.start(["--db", killed]).finish()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.summary["resumed"].map { $0 > 0 } == true, "the killed rounds stored runs")
        #expect(resumed.summary["resumed"].map { $0 + (resumed.summary["finished"] ?? 0) } == planned)

        let again = try await FixtureProcess.start(["--db", killed]).finish()
        #expect(again.summary["resumed"] == planned)
        #expect(again.summary["finished"] == 0)
        #expect(again.summary["policyCalls"] == 0, "a finished evaluation does no new work")

        let database = try DatabaseQueue(path: killed)
        #expect(try await database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        let duplicates = try await database.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM (SELECT 1 FROM run GROUP BY dataset, problem_id, policy, verifier, strategy,
                    budget, seed, parameters HAVING count(*) > 1)
                    """)
        }
        #expect(duplicates == 0)
        for table in ["run", "candidate", "selection", "cost"] {
            let expected = try Self.rows(of: table, in: reference)
            let found = try Self.rows(of: table, in: killed)
            #expect(found.count == expected.count, "table \(table)")
            #expect(found == expected, "table \(table): rows differ from the uninterrupted run")
        }
    }

    /// Rows of `table` as sorted canonical strings, without time columns, each tied to its run's key.
    private static func rows(of table: String, in path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            var keys: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM run") {
                let id: Int64 = row["id"]
                keys[id] = ["dataset", "problem_id", "policy", "verifier", "strategy", "budget", "seed", "parameters"]
                    .map { "\(row[$0] as DatabaseValue)" }.joined(separator: "|")
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                let run: Int64? = table == "run" ? row["id"] : row["run_id"]
                let fields = row.columnNames.filter { !timeColumns.contains($0) }.sorted()
                    .map { "\($0)=\(row[$0] as DatabaseValue)" }
                return ([run.flatMap { keys[$0] } ?? "?"] + fields).joined(separator: " ")
            }.sorted()
        }
    }

    /// Runs stored in `path` now, or `nil` while it has no readable `run` table.
    private static func storedRuns(_ path: String) throws -> Int? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        return try? DatabaseQueue(path: path, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM run")
        }
    }
}

/// A running `ponder-eval-fixture`, started from the build folder the tests run in.
private struct FixtureProcess {
    struct Ending {
        var status: Int32
        var killed: Bool
        var stderr: String
        /// The JSON summary line's counts.
        var summary: [String: Int]
    }

    /// How the process ended, set by its termination handler.
    final class Exit: Sendable {
        let gate = Gate()
        private let state = Mutex<(status: Int32, bySignal: Bool)?>(nil)
        var hasEnded: Bool { gate.isOpen }
        var ending: (status: Int32, bySignal: Bool)? { state.withLock { $0 } }

        func record(_ status: Int32, bySignal: Bool) {
            state.withLock { $0 = (status, bySignal) }
            gate.open()
        }
    }

    let identifier: Int32
    let exit: Exit
    private let output: URL
    private let errors: URL

    static func start(_ arguments: [String]) throws -> FixtureProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ponder-eval-fixture")
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-fixture-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("out")
        let errors = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        let exit = Exit()
        process.terminationHandler = { ended in
            exit.record(ended.terminationStatus, bySignal: ended.terminationReason == .uncaughtSignal)
        }
        try process.run()
        return FixtureProcess(identifier: process.processIdentifier, exit: exit, output: output, errors: errors)
    }

    /// Sends SIGKILL: no handler, no cleanup, as a crash or a power loss.
    func kill() {
        if !exit.hasEnded { _ = Foundation.kill(identifier, SIGKILL) }
    }

    /// Waits for the process to end and reads what it printed.
    func finish() async throws -> Ending {
        await exit.gate.wait()
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        let ending = exit.ending ?? (status: -1, bySignal: false)
        let stdout = try String(contentsOf: output, encoding: .utf8)
        let line = stdout.split(separator: "\n").last.map(String.init) ?? ""
        let summary = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Int] ?? [:]
        return Ending(
            status: ending.status, killed: ending.bySignal && ending.status == SIGKILL,
            stderr: try String(contentsOf: errors, encoding: .utf8), summary: summary)
    }
}
