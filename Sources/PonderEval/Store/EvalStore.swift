import Foundation
import GRDB
import PonderCore
import Synchronization

/// The SQLite store of an evaluation: every finished problem run with its candidates, selections and costs.
///
/// Durability: each finished problem run is written in one transaction, so an interrupted evaluation
/// (Ctrl-C, `kill -9`, power loss) keeps every run that finished and no part of one that did not; SQLite
/// rolls an unfinished transaction back when the file is next opened. The database is in WAL mode
/// (GRDB's `DatabasePool`), so a report can read while an evaluation writes, and two evaluations can write
/// to one file (each waits up to 60 s for the other's transaction).
///
/// A read-only store writes nothing, not even SQLite's `-wal` and `-shm` files, so a database in a read-only
/// folder (an archive, another user's results) can be read. While no writer has the file open (no `-wal` or
/// `-shm` beside it) it is read as an immutable file; a writer that arrives during a read is noticed (the files
/// change) and the read is repeated through the WAL, as it is from the start when a writer is already there.
///
/// A database of an older schema version (camelCase columns) is migrated when opened for writing: the
/// migration waits for another process's write transaction (up to 60 s) and renames the columns in one transaction
/// of its own. Read-only, it is read through temporary views with this version's column names and nothing is
/// written (``StoreSchema/installReadViews(_:)``); when a writer migrates it meanwhile, the reader notices and
/// reads the migrated tables. One of a newer or unknown version is refused
/// (``EvalError/schemaMismatch(_:found:readable:)``).
public final class EvalStore: Sendable {
    /// The schema version this build reads and writes.
    public static var schemaVersion: Int { StoreSchema.version }

    /// The database file.
    public let path: String
    /// Whether the store only reads (and so may read an older schema through views).
    private let readOnly: Bool
    /// The connection, and for a database read as an immutable file, the files as they were when it was opened.
    private let connection: Mutex<(database: any DatabaseWriter, immutable: FileState?)>

    /// Opens (and, unless read-only, creates) the store at `path`.
    ///
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - readOnly: open for reading only (reports); the file must exist, and nothing is written beside it.
    /// - Throws: ``EvalError`` when the file is not a Ponder evaluation database, has another schema
    ///   version, or cannot be opened.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        self.readOnly = readOnly
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw EvalError.unreadableFile(path, reason: "no such database")
        }
        do {
            var opened = try Self.open(path, readOnly: readOnly)
            var (version, tables) = try Self.inspect(opened.database)
            if let state = opened.immutable, FileState(path) != state {
                // A writer arrived while the file was read as immutable: read again through the WAL.
                opened = (try Self.openShared(path, readOnly: true), nil)
                (version, tables) = try Self.inspect(opened.database)
            }
            if version == 0 {
                guard tables.allSatisfy({ $0 == "grdb_migrations" }) else { throw EvalError.notAnEvalDatabase(path) }
                guard !readOnly else { throw EvalError.emptyDatabase(path, detail: "(it was never written)") }
                try StoreSchema.migrator.migrate(opened.database)
            } else if version < StoreSchema.oldestReadable || version > StoreSchema.version {
                throw EvalError.schemaMismatch(
                    path, found: version, readable: StoreSchema.oldestReadable...StoreSchema.version)
            } else if version < StoreSchema.version, !readOnly {
                // An older store gains the newer columns (all nullable) and the snake_case names; its stored runs
                // stay as they were.
                try Self.migrate(opened.database)
            }
            connection = Mutex(opened)
        } catch let error as EvalError {
            throw error
        } catch let error as DatabaseError {
            throw EvalError.unreadableFile(path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    // MARK: - Opening

    /// Opens a writable store through GRDB's WAL pool; a read-only one as an immutable file when no writer is
    /// there (and SQLite takes URI file names), else through the WAL too. Every read-only connection reads an older
    /// schema through views (``StoreSchema/installReadViews(_:)``).
    private static func open(
        _ path: String, readOnly: Bool
    ) throws -> (database: any DatabaseWriter, immutable: FileState?) {
        let state = FileState(path)
        guard readOnly, !state.hasWriterFiles else { return (try openShared(path, readOnly: readOnly), nil) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "ponder.eval.immutable"
        configuration.prepareDatabase { try StoreSchema.installReadViews($0) }
        do {
            return (try DatabaseQueue(path: immutableURI(path), configuration: configuration), state)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            // An SQLite built without URI file names took the URI for a file name.
            return (try openShared(path, readOnly: true), nil)
        }
    }

    /// Opens the database through GRDB's WAL pool.
    private static func openShared(_ path: String, readOnly: Bool) throws -> any DatabaseWriter {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(60)
        configuration.label = "ponder.eval"
        if readOnly {
            // Never on a writable connection: the views would hide the tables from the migration and the writes.
            configuration.prepareDatabase { try StoreSchema.installReadViews($0) }
        }
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// The `file:` URI of `path` with `immutable=1`: SQLite then reads it without locks, `-wal` or `-shm` files.
    private static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file://\(encoded)?immutable=1"
    }

    /// Migrates an older store. Another process opening the same file may migrate it first, between this one's
    /// look at the applied migrations and its own transaction: then the file is already at this version and this
    /// one's failure (a column already renamed) is no failure.
    ///
    /// The pool's read connections are closed afterwards: one that read the old schema (to see the version) would
    /// expand `SELECT *` to the old column names before SQLite noticed the change.
    private static func migrate(_ database: any DatabaseWriter) throws {
        defer { (database as? DatabasePool)?.invalidateReadOnlyConnections() }
        do {
            try StoreSchema.migrator.migrate(database)
        } catch let error as DatabaseError {
            (database as? DatabasePool)?.invalidateReadOnlyConnections()
            guard try inspect(database).version == StoreSchema.version else { throw error }
        }
    }

    /// The schema version and the tables.
    private static func inspect(_ database: any DatabaseReader) throws -> (version: Int, tables: [String]) {
        try database.read { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            )
        }
    }

    /// What shows whether a writer touched the database: the main file's size and time, and SQLite's files
    /// beside it.
    private struct FileState: Equatable, Sendable {
        var size: UInt64?
        var modified: Date?
        var hasWAL: Bool
        var hasSHM: Bool

        init(_ path: String) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            size = (attributes?[.size] as? NSNumber)?.uint64Value
            modified = attributes?[.modificationDate] as? Date
            hasWAL = FileManager.default.fileExists(atPath: path + "-wal")
            hasSHM = FileManager.default.fileExists(atPath: path + "-shm")
        }

        /// Whether a writer has the database open (or left its files after a crash).
        var hasWriterFiles: Bool { hasWAL || hasSHM }
    }

    /// Runs `body` in a read transaction. A read of an immutable file is repeated through the WAL when the files
    /// changed meanwhile: a writer arrived, so what was read may be torn. A read through views of an older schema
    /// is repeated on fresh connections when a writer migrated the file meanwhile.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let (database, immutable) = connection.withLock { ($0.database, $0.immutable) }
        let checked = readOnly ? Self.checkingViews(body) : body
        let result: Result<T, any Error>
        do {
            result = .success(try await database.read(checked))
        } catch {
            result = .failure(error)
        }
        let writerArrived = immutable.map { FileState(path) != $0 } ?? false
        let fileMigrated = if case .failure(is StaleReadViews) = result { true } else { false }
        guard writerArrived || fileMigrated else { return try result.get() }
        let shared = try Self.openShared(path, readOnly: true)
        connection.withLock { $0 = (shared, nil) }
        return try await shared.read(Self.checkingViews(body))
    }

    /// The views of an older schema no longer fit the file: a writer migrated it.
    private struct StaleReadViews: Error {}

    /// `body`, refused on a connection whose views no longer fit the file.
    private static func checkingViews<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T
    ) -> @Sendable (Database) throws -> T {
        { db in
            guard try !StoreSchema.hasStaleReadViews(db) else { throw StaleReadViews() }
            return try body(db)
        }
    }

    /// Runs `body` in a write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let database = connection.withLock { $0.database }
        return try await database.write(body)
    }

    // MARK: - Writing

    /// Stores a finished problem run: the run, its candidates, selections and costs, in one transaction.
    ///
    /// - Returns: `false` when a run with the same key was already stored (nothing is written).
    /// - Throws: ``EvalError`` when SQLite fails; nothing of the run is then stored.
    @discardableResult
    public func record(_ record: ProblemRunRecord) async throws -> Bool {
        try await guarded {
            try await write { db in
                guard try Self.runID(of: record.key, in: db) == nil else { return false }
                var run = RunRow(record)
                try run.insert(db)
                guard let id = run.id else { throw EvalError.storeFailed(self.path, reason: "no row id for a new run") }
                for candidate in record.candidates { try CandidateRow(runID: id, candidate).insert(db) }
                for selection in record.selections { try SelectionRow(runID: id, selection).insert(db) }
                for cost in record.costs { try CostRow(runID: id, cost).insert(db) }
                return true
            }
        }
    }

    /// Adds selections and costs to a stored run (those already there are kept), in one transaction.
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func addOutcomes(runID: Int64, selections: [SelectionOutcome], costs: [BudgetCost]) async throws {
        try await guarded {
            try await write { db in
                for selection in selections {
                    try SelectionRow(runID: runID, selection).insert(db, onConflict: .ignore)
                }
                for cost in costs { try CostRow(runID: runID, cost).insert(db, onConflict: .ignore) }
            }
        }
    }

    // MARK: - Reading

    /// A stored run's id and outcomes, for resuming.
    public struct FinishedRun: Sendable, Hashable {
        /// The run's row id.
        public var id: Int64
        /// The selections stored for it.
        public var selections: [SelectionOutcome]
        /// The budgets whose cost is stored.
        public var costBudgets: Set<Int>
    }

    /// The finished runs of `policy` on `dataset`, by key.
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func finishedRuns(dataset: String, policy: String) async throws -> [RunKey: FinishedRun] {
        try await guarded {
            try await read { db in
                let runs = try RunRow.filter(RunRow.Columns.dataset == dataset && RunRow.Columns.policy == policy)
                    .fetchAll(db)
                let filter = "WHERE r.\(RunRow.Columns.dataset.name) = ? AND r.\(RunRow.Columns.policy.name) = ?"
                var selections: [Int64: [SelectionOutcome]] = [:]
                for row in try Self.rows(SelectionRow.self, joined: filter, arguments: [dataset, policy], in: db) {
                    selections[row.runID, default: []].append(row.outcome)
                }
                var costs: [Int64: Set<Int>] = [:]
                for row in try Self.rows(CostRow.self, joined: filter, arguments: [dataset, policy], in: db) {
                    costs[row.runID, default: []].insert(row.budget)
                }
                var finished: [RunKey: FinishedRun] = [:]
                for run in runs {
                    guard let id = run.id else { continue }
                    finished[run.key] = FinishedRun(
                        id: id, selections: selections[id] ?? [], costBudgets: costs[id] ?? [])
                }
                return finished
            }
        }
    }

    /// The whole stored record of run `id`, or `nil`.
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func loadRecord(id: Int64) async throws -> ProblemRunRecord? {
        try await guarded {
            try await read { db in
                // Filters rather than primary-key lookups: an older schema is read through views, which have none.
                guard let run = try RunRow.filter(RunRow.Columns.id == id).fetchOne(db) else { return nil }
                let candidates = try CandidateRow.filter(CandidateRow.Columns.runID == id)
                    .order(CandidateRow.Columns.position).fetchAll(db)
                let selections = try SelectionRow.filter(SelectionRow.Columns.runID == id)
                    .order(SelectionRow.Columns.budget, SelectionRow.Columns.rule).fetchAll(db)
                let costs = try CostRow.filter(CostRow.Columns.runID == id).order(CostRow.Columns.budget).fetchAll(db)
                return ProblemRunRecord(
                    key: run.key, gold: run.gold, level: run.level, subject: run.subject, beamWidth: run.beamWidth,
                    accounting: run.accounting, candidates: candidates.map(\.record),
                    selections: selections.map(\.outcome), costs: costs.map(\.cost), finishedAt: run.finishedAt,
                    stopReason: run.stopReason.flatMap(SearchResult.StopReason.init(rawValue:)),
                    samplesSpent: run.samplesSpent, plan: run.plan)
            }
        }
    }

    /// The stored run that `key` names but for its budget, at the smallest budget of at least `key.budget`: the
    /// run whose first samples ``SampleReuse`` scores. `nil` when there is none.
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func runID(covering key: RunKey) async throws -> Int64? {
        try await guarded {
            try await read { db in
                try RunRow.select(RunRow.Columns.id)
                    .filter(Self.sameRun(key, budget: RunRow.Columns.budget >= key.budget))
                    .order(RunRow.Columns.budget).asRequest(of: Int64.self).fetchOne(db)
            }
        }
    }

    /// The datasets with stored runs.
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func datasets() async throws -> [String] {
        try await guarded {
            try await read { db in
                try RunRow.select(RunRow.Columns.dataset).distinct().order(RunRow.Columns.dataset)
                    .asRequest(of: String.self).fetchAll(db)
            }
        }
    }

    /// Everything a report needs (no candidate texts), for one dataset or all: runs, selections, costs and
    /// candidate summaries (answers, correctness, scores, sizes).
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func snapshot(dataset: String? = nil) async throws -> EvalSnapshot {
        try await guarded {
            try await read { db in
                var request = RunRow.all()
                if let dataset { request = request.filter(RunRow.Columns.dataset == dataset) }
                let runs = try request.order(RunRow.Columns.id).fetchAll(db)
                var selections: [Int64: [SelectionOutcome]] = [:]
                var costs: [Int64: [BudgetCost]] = [:]
                let filter = dataset == nil ? "" : "WHERE r.\(RunRow.Columns.dataset.name) = ?"
                let arguments: StatementArguments = dataset.map { [$0] } ?? []
                for row in try Self.rows(SelectionRow.self, joined: filter, arguments: arguments, in: db) {
                    selections[row.runID, default: []].append(row.outcome)
                }
                for row in try Self.rows(CostRow.self, joined: filter, arguments: arguments, in: db) {
                    costs[row.runID, default: []].append(row.cost)
                }
                let candidates = try Self.candidateSummaries(joined: filter, arguments: arguments, in: db)
                return EvalSnapshot(
                    path: self.path,
                    runs: runs.compactMap { run in
                        guard let id = run.id else { return nil }
                        return StoredRun(
                            id: id, key: run.key, gold: run.gold, level: run.level, subject: run.subject,
                            beamWidth: run.beamWidth, candidateCount: run.candidateCount,
                            correctCandidates: run.correctCandidates, accounting: run.accounting,
                            selections: (selections[id] ?? []).sorted { ($0.budget, $0.rule) < ($1.budget, $1.rule) },
                            costs: (costs[id] ?? []).sorted { $0.budget < $1.budget }, finishedAt: run.finishedAt,
                            candidates: candidates[id] ?? [], plan: run.plan)
                    })
            }
        }
    }

    /// Row counts of every table.
    public struct Counts: Sendable, Hashable {
        /// Finished problem runs.
        public var runs: Int
        /// Candidates.
        public var candidates: Int
        /// Selection outcomes.
        public var selections: Int
        /// Budget costs.
        public var costs: Int

        /// Creates counts.
        public init(runs: Int, candidates: Int, selections: Int, costs: Int) {
            self.runs = runs
            self.candidates = candidates
            self.selections = selections
            self.costs = costs
        }
    }

    /// Row counts of every table.
    ///
    /// - Throws: ``EvalError`` when SQLite fails.
    public func counts() async throws -> Counts {
        try await guarded {
            try await read { db in
                Counts(
                    runs: try RunRow.fetchCount(db), candidates: try CandidateRow.fetchCount(db),
                    selections: try SelectionRow.fetchCount(db), costs: try CostRow.fetchCount(db))
            }
        }
    }

    // MARK: - Internals

    private static func runID(of key: RunKey, in db: Database) throws -> Int64? {
        try RunRow.select(RunRow.Columns.id).filter(sameRun(key, budget: RunRow.Columns.budget == key.budget))
            .asRequest(of: Int64.self).fetchOne(db)
    }

    /// Runs with every part of `key` but the budget, which `budget` constrains.
    private static func sameRun(_ key: RunKey, budget: SQLExpression) -> SQLExpression {
        typealias C = RunRow.Columns
        let problem: SQLExpression = C.dataset == key.dataset && C.problemID == key.problemID
        let models: SQLExpression = C.policy == key.policy && C.verifier == key.verifier
        let knobs: SQLExpression =
            C.strategy == key.strategy && C.seed == Int64(key.seed) && C.parameters == key.parameters
        return problem && models && knobs && budget
    }

    /// `FROM table t JOIN run r ON r.id = t.run_id filter`: rows of a per-run table (each names its run `run_id`)
    /// whose run matches `filter` (a `WHERE` clause over the run, aliased `r`).
    private static func joined(_ table: String, _ filter: String) -> String {
        let (run, id, runID) = (RunRow.databaseTableName, RunRow.Columns.id.name, CandidateRow.Columns.runID.name)
        return "FROM \(table) t JOIN \(run) r ON r.\(id) = t.\(runID) \(filter)"
    }

    /// Every candidate of the runs matching `filter` without its text, by run, in position order. The step count
    /// comes from SQLite's `json_array_length`, so the steps' texts are not read; the outcome score from
    /// ``StoredCandidate/outcomeScoreColumn`` (`NULL` in a version-1 file, whose views supply the column); the
    /// mean token log-probability behind ``StoredCandidate/selfCertainty`` from `json_tree` over the stored
    /// log-probabilities (the numbers at depth 2, so the per-step arrays weigh by their tokens as
    /// ``SelfCertainty`` does), `NULL` where none were stored.
    private static func candidateSummaries(
        joined filter: String, arguments: StatementArguments, in db: Database
    ) throws -> [Int64: [StoredCandidate]] {
        typealias C = CandidateRow.Columns
        let stepCount = "step_count"
        let meanLogProbability = "mean_log_probability"
        let selected =
            [C.runID, C.position, C.subtree, C.answer, C.correct, C.stepScores, C.generatedTokens]
            + [C.finishReason, C.outcomeScore]
        let sql = """
            SELECT \(selected.map { "t.\($0.name)" }.joined(separator: ", ")),
            json_array_length(t.\(C.steps.name)) AS \(stepCount),
            (SELECT avg(j.value) FROM json_tree(t.\(C.stepLogProbabilities.name)) j
             WHERE j.type IN ('real', 'integer')) AS \(meanLogProbability)
            \(joined(CandidateRow.databaseTableName, filter))
            ORDER BY t.\(C.runID.name), t.\(C.position.name)
            """
        var summaries: [Int64: [StoredCandidate]] = [:]
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let scoresText: String? = row[C.stepScores]
            let scores = try scoresText.map { try decoder.decode([Double].self, from: Data($0.utf8)) }
            summaries[row[C.runID], default: []].append(
                StoredCandidate(
                    position: row[C.position], subtree: row[C.subtree], answer: row[C.answer],
                    correct: row[C.correct], stepScores: scores, outcomeScore: row[C.outcomeScore],
                    stepCount: row[stepCount], generatedTokens: row[C.generatedTokens],
                    finishReason: row[C.finishReason],
                    selfCertainty: (row[meanLogProbability] as Double?).map { exp($0) }))
        }
        return summaries
    }

    /// Rows of a per-run table whose run matches `filter` (a `WHERE` clause over the run, aliased `r`).
    private static func rows<Row: FetchableRecord & TableRecord>(
        _ type: Row.Type, joined filter: String, arguments: StatementArguments, in db: Database
    ) throws -> [Row] {
        try Row.fetchAll(db, sql: "SELECT t.* \(joined(Row.databaseTableName, filter))", arguments: arguments)
    }

    /// Runs `body`, turning SQLite's errors into ``EvalError``.
    func guarded<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw EvalError.storeFailed(path, reason: error.message ?? "\(error.resultCode)")
        }
    }
}
