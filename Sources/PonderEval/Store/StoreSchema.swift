import GRDB

/// The store's tables, created by GRDB migrations; `PRAGMA user_version` holds ``version``.
///
/// - `run`: one row per finished problem run, unique on its ``RunKey``, with the measured accounting.
/// - `candidate`: every candidate of a run (text, steps and step scores as JSON, answer, correctness, tokens;
///   since version 2 the outcome score, `NULL` unless the run scored outcomes).
/// - `selection`: the answer each rule picks at each reported budget, graded.
/// - `cost`: the compute attributed to each reported budget.
/// - since version 4, `run.stop_reason` and `run.samples_spent`: why each search stopped and the samples it
///   spent (`NULL` for runs stored before, which all completed).
enum StoreSchema {
    /// The schema version this build reads and writes.
    static let version = 4

    /// The oldest version this build opens: a writable store migrates it to ``version``, a read-only one reads
    /// it as it is (a version-1 `candidate` has no outcome score).
    static let oldestReadable = 1

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("dataset", .text).notNull()
                table.column("problemID", .text).notNull()
                table.column("policy", .text).notNull()
                table.column("verifier", .text).notNull()
                table.column("strategy", .text).notNull()
                table.column("budget", .integer).notNull()
                table.column("seed", .integer).notNull()
                table.column("parameters", .text).notNull()
                table.column("gold", .text).notNull()
                table.column("level", .integer)
                table.column("subject", .text)
                table.column("beamWidth", .integer)
                table.column("policyModel", .text).notNull()
                table.column("policyParameterCount", .integer).notNull()
                table.column("policyPromptTokensEvaluated", .integer).notNull()
                table.column("policyPromptTokensReused", .integer).notNull()
                table.column("policyGeneratedTokens", .integer).notNull()
                table.column("policySeconds", .double).notNull()
                table.column("verifierModel", .text)
                table.column("verifierParameterCount", .integer)
                table.column("verifierPromptTokensEvaluated", .integer)
                table.column("verifierPromptTokensReused", .integer)
                table.column("verifierGeneratedTokens", .integer)
                table.column("verifierSeconds", .double)
                table.column("wallSeconds", .double).notNull()
                table.column("candidateCount", .integer).notNull()
                table.column("correctCandidates", .integer).notNull()
                table.column("finishedAt", .datetime).notNull()
                table.uniqueKey([
                    "dataset", "problemID", "policy", "verifier", "strategy", "budget", "seed", "parameters",
                ])
            }
            try db.create(table: "candidate") { table in
                table.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("subtree", .integer)
                table.column("text", .text).notNull()
                table.column("steps", .jsonText).notNull()
                table.column("stepScores", .jsonText)
                table.column("answer", .text)
                table.column("answerRule", .text)
                table.column("correct", .boolean).notNull()
                table.column("generatedTokens", .integer).notNull()
                table.column("promptTokensEvaluated", .integer).notNull()
                table.column("promptTokensReused", .integer).notNull()
                table.column("finishReason", .text).notNull()
                table.primaryKey(["runID", "position"])
            }
            try db.create(table: "selection") { table in
                table.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                table.column("budget", .integer).notNull()
                table.column("rule", .text).notNull()
                table.column("answer", .text)
                table.column("correct", .boolean).notNull()
                table.primaryKey(["runID", "budget", "rule"])
            }
            try db.create(table: "cost") { table in
                table.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                table.column("budget", .integer).notNull()
                table.column("candidates", .integer).notNull()
                for model in ["policy", "verifier"] {
                    table.column("\(model)PromptTokensEvaluated", .double).notNull()
                    table.column("\(model)PromptTokensReused", .double).notNull()
                    table.column("\(model)GeneratedTokens", .double).notNull()
                    table.column("\(model)FLOPs", .double).notNull()
                    table.column("\(model)Seconds", .double).notNull()
                }
                table.column("wallSeconds", .double).notNull()
                table.primaryKey(["runID", "budget"])
            }
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            try db.alter(table: "candidate") { table in
                table.add(column: StoredCandidate.outcomeScoreColumn, .double)
            }
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        // Version 3 is another branch's snake_case renaming; the two are merged with "v3" registered here.
        migrator.registerMigration("v4") { db in
            try db.alter(table: "run") { table in
                table.add(column: "stop_reason", .text)
                table.add(column: "samples_spent", .integer)
            }
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        return migrator
    }
}
