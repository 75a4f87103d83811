import GRDB

/// The store's tables, created by GRDB migrations; `PRAGMA user_version` holds ``version``.
///
/// - `run`: one row per finished problem run, unique on its ``RunKey``, with the measured accounting.
/// - `candidate`: every candidate of a run (text, steps and step scores as JSON, answer, correctness, tokens;
///   since version 2 the outcome score, `NULL` unless the run scored outcomes).
/// - `selection`: the answer each rule picks at each reported budget, graded.
/// - `cost`: the compute attributed to each reported budget.
///
/// Column names are snake_case since version 3, like the CSV tables and the JSON output, because people query
/// these files with `sqlite3`, pandas and DuckDB. The rule: split the Swift name at each word and lowercase it;
/// an acronym is one word (`problemID` → `problem_id`, `runID` → `run_id`, `policyFLOPs` → `policy_flops`,
/// `policyPromptTokensEvaluated` → `policy_prompt_tokens_evaluated`). Versions 1 and 2 used the camelCase Swift
/// names; ``renamedInVersion3`` lists every rename.
///
/// The names the code reads and writes are the records' `CodingKeys` (`RunRow.Columns`, …). The migrations
/// below are history and spell their names literally: changing a record must never change what an old migration
/// did to a file already migrated.
///
/// - since version 4, `run.stop_reason` and `run.samples_spent`: why each search stopped and the samples it
///   spent (`NULL` for runs stored before, which all completed).
/// - since version 5, `run.plan`: what an `auto` run planned, as JSON (`NULL` for the other strategies).
/// - since version 6, `candidate.step_log_probabilities`: the policy's log-probability of every generated token,
///   one JSON array per step (`NULL` for candidates stored before and for policies that report none), so that
///   self-certainty can score stored samples and be judged beside any verifier.
enum StoreSchema {
    /// The schema version this build reads and writes.
    static let version = 6

    /// The oldest version this build opens: a writable store migrates it to ``version``; a read-only one reads it
    /// as it is, through views that give it this version's column names (``installReadViews(_:)``).
    static let oldestReadable = 1

    /// The tables, in the order they are created.
    static let tables = ["run", "candidate", "selection", "cost"]

    /// Every column version 3 renamed, by table: the version-1/2 name and the snake_case name.
    static let renamedInVersion3: [String: [(old: String, new: String)]] = [
        "run": [
            ("problemID", "problem_id"), ("beamWidth", "beam_width"), ("policyModel", "policy_model"),
            ("policyParameterCount", "policy_parameter_count"),
            ("policyPromptTokensEvaluated", "policy_prompt_tokens_evaluated"),
            ("policyPromptTokensReused", "policy_prompt_tokens_reused"),
            ("policyGeneratedTokens", "policy_generated_tokens"), ("policySeconds", "policy_seconds"),
            ("verifierModel", "verifier_model"), ("verifierParameterCount", "verifier_parameter_count"),
            ("verifierPromptTokensEvaluated", "verifier_prompt_tokens_evaluated"),
            ("verifierPromptTokensReused", "verifier_prompt_tokens_reused"),
            ("verifierGeneratedTokens", "verifier_generated_tokens"), ("verifierSeconds", "verifier_seconds"),
            ("wallSeconds", "wall_seconds"), ("candidateCount", "candidate_count"),
            ("correctCandidates", "correct_candidates"), ("finishedAt", "finished_at"),
        ],
        "candidate": [
            ("runID", "run_id"), ("stepScores", "step_scores"), ("outcomeScore", "outcome_score"),
            ("answerRule", "answer_rule"), ("generatedTokens", "generated_tokens"),
            ("promptTokensEvaluated", "prompt_tokens_evaluated"), ("promptTokensReused", "prompt_tokens_reused"),
            ("finishReason", "finish_reason"),
        ],
        "selection": [("runID", "run_id")],
        "cost": [
            ("runID", "run_id"), ("policyPromptTokensEvaluated", "policy_prompt_tokens_evaluated"),
            ("policyPromptTokensReused", "policy_prompt_tokens_reused"),
            ("policyGeneratedTokens", "policy_generated_tokens"), ("policyFLOPs", "policy_flops"),
            ("policySeconds", "policy_seconds"),
            ("verifierPromptTokensEvaluated", "verifier_prompt_tokens_evaluated"),
            ("verifierPromptTokensReused", "verifier_prompt_tokens_reused"),
            ("verifierGeneratedTokens", "verifier_generated_tokens"), ("verifierFLOPs", "verifier_flops"),
            ("verifierSeconds", "verifier_seconds"), ("wallSeconds", "wall_seconds"),
        ],
    ]

    /// The columns of each table in this version, as the records read and write them.
    static let columns: [String: [String]] = [
        RunRow.databaseTableName: RunRow.Columns.allCases.map(\.rawValue),
        CandidateRow.databaseTableName: CandidateRow.Columns.allCases.map(\.rawValue),
        SelectionRow.databaseTableName: SelectionRow.Columns.allCases.map(\.rawValue),
        CostRow.databaseTableName: CostRow.Columns.allCases.map(\.rawValue),
    ]

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
                table.add(column: "outcomeScore", .double)
            }
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        // `ALTER TABLE … RENAME COLUMN` (SQLite 3.25) rewrites the unique key, primary keys and foreign keys with
        // the column; no table is rebuilt, so foreign keys stay on and are not re-checked.
        migrator.registerMigration("v3", foreignKeyChecks: .immediate) { db in
            for table in tables {
                try db.alter(table: table) { alteration in
                    for rename in renamedInVersion3[table] ?? [] {
                        alteration.rename(column: rename.old, to: rename.new)
                    }
                }
            }
            try db.execute(sql: "PRAGMA user_version = 3")
        }
        migrator.registerMigration("v4") { db in
            try db.alter(table: "run") { table in
                table.add(column: "stop_reason", .text)
                table.add(column: "samples_spent", .integer)
            }
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        migrator.registerMigration("v5") { db in
            try db.alter(table: "run") { table in table.add(column: "plan", .text) }
            try db.execute(sql: "PRAGMA user_version = 5")
        }
        migrator.registerMigration("v6") { db in
            try db.alter(table: "candidate") { table in table.add(column: "step_log_probabilities", .jsonText) }
            try db.execute(sql: "PRAGMA user_version = 6")
        }
        return migrator
    }
}
