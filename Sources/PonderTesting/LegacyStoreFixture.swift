import Foundation
import GRDB

/// Databases of schema versions 1 and 2 (camelCase columns), as older builds of ponder wrote them.
///
/// The tables are made with the literal DDL a version-1 build left in `out/math500-s100.sqlite`
/// (`sqlite3 FILE .schema`) and version 2's `ALTER TABLE`, not with the store's own migrations, so a migration
/// edited by mistake cannot make its own fixture. The rows are copied from a database the current store wrote,
/// each old column filled from the column this test derives from its camelCase name (``snakeCase(_:)``).
package enum LegacyStoreFixture {
    /// Version 1's tables, as SQLite printed them.
    package static let versionOneDDL = [
        "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)",
        #"CREATE TABLE "run" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "dataset" TEXT NOT NULL, "problemID" TEXT NOT NULL, "policy" TEXT NOT NULL, "verifier" TEXT NOT NULL, "strategy" TEXT NOT NULL, "budget" INTEGER NOT NULL, "seed" INTEGER NOT NULL, "parameters" TEXT NOT NULL, "gold" TEXT NOT NULL, "level" INTEGER, "subject" TEXT, "beamWidth" INTEGER, "policyModel" TEXT NOT NULL, "policyParameterCount" INTEGER NOT NULL, "policyPromptTokensEvaluated" INTEGER NOT NULL, "policyPromptTokensReused" INTEGER NOT NULL, "policyGeneratedTokens" INTEGER NOT NULL, "policySeconds" DOUBLE NOT NULL, "verifierModel" TEXT, "verifierParameterCount" INTEGER, "verifierPromptTokensEvaluated" INTEGER, "verifierPromptTokensReused" INTEGER, "verifierGeneratedTokens" INTEGER, "verifierSeconds" DOUBLE, "wallSeconds" DOUBLE NOT NULL, "candidateCount" INTEGER NOT NULL, "correctCandidates" INTEGER NOT NULL, "finishedAt" DATETIME NOT NULL, UNIQUE ("dataset", "problemID", "policy", "verifier", "strategy", "budget", "seed", "parameters"))"#,
        #"CREATE TABLE "candidate" ("runID" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE, "position" INTEGER NOT NULL, "subtree" INTEGER, "text" TEXT NOT NULL, "steps" TEXT NOT NULL, "stepScores" TEXT, "answer" TEXT, "answerRule" TEXT, "correct" BOOLEAN NOT NULL, "generatedTokens" INTEGER NOT NULL, "promptTokensEvaluated" INTEGER NOT NULL, "promptTokensReused" INTEGER NOT NULL, "finishReason" TEXT NOT NULL, PRIMARY KEY ("runID", "position"))"#,
        #"CREATE TABLE "selection" ("runID" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE, "budget" INTEGER NOT NULL, "rule" TEXT NOT NULL, "answer" TEXT, "correct" BOOLEAN NOT NULL, PRIMARY KEY ("runID", "budget", "rule"))"#,
        #"CREATE TABLE "cost" ("runID" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE, "budget" INTEGER NOT NULL, "candidates" INTEGER NOT NULL, "policyPromptTokensEvaluated" DOUBLE NOT NULL, "policyPromptTokensReused" DOUBLE NOT NULL, "policyGeneratedTokens" DOUBLE NOT NULL, "policyFLOPs" DOUBLE NOT NULL, "policySeconds" DOUBLE NOT NULL, "verifierPromptTokensEvaluated" DOUBLE NOT NULL, "verifierPromptTokensReused" DOUBLE NOT NULL, "verifierGeneratedTokens" DOUBLE NOT NULL, "verifierFLOPs" DOUBLE NOT NULL, "verifierSeconds" DOUBLE NOT NULL, "wallSeconds" DOUBLE NOT NULL, PRIMARY KEY ("runID", "budget"))"#,
        "INSERT INTO grdb_migrations VALUES ('v1')",
        "PRAGMA user_version = 1",
    ]

    /// What version 2 added.
    package static let versionTwoDDL = [
        #"ALTER TABLE "candidate" ADD COLUMN "outcomeScore" DOUBLE"#,
        "INSERT INTO grdb_migrations VALUES ('v2')",
        "PRAGMA user_version = 2",
    ]

    package static let tables = ["run", "candidate", "selection", "cost"]

    /// Writes a closed version-`version` database at `path` holding every row of the current-version database at
    /// `source` (a version-1 file drops the outcome scores, which it cannot hold). Like the files older builds
    /// wrote, it is in WAL mode.
    package static func write(version: Int, from source: String, to path: String) throws {
        precondition(version == 1 || version == 2, "versions 1 and 2 had camelCase columns")  // a test's mistake
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            for statement in versionOneDDL + (version == 2 ? versionTwoDDL : []) { try db.execute(sql: statement) }
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
            try db.inTransaction {
                for table in tables {
                    let old = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(table))").map { $0["name"] as String }
                    let new = old.map(snakeCase)
                    try db.execute(
                        sql: """
                            INSERT INTO main.\(table) (\(old.map { "\"\($0)\"" }.joined(separator: ", ")))
                            SELECT \(new.map { "\"\($0)\"" }.joined(separator: ", ")) FROM source.\(table)
                            """)
                }
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE source")
        }
        try queue.close()
    }

    /// `problemID` → `problem_id`, `policyFLOPs` → `policy_flops`: the store's rule, written here on its own.
    package static func snakeCase(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "FLOPs", with: "Flops").replacingOccurrences(of: "ID", with: "Id")
        var result = ""
        for character in words {
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.lowercased()
        }
        return result
    }

    /// Sets the file's user version (the store's schema version), as a newer build would.
    package static func setUserVersion(_ version: Int, at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = \(version)") }
        try queue.close()
    }

    /// The user version of the file at `path`, read without writing anything.
    package static func userVersion(_ path: String) throws -> Int? {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read {
            try Int.fetchOne($0, sql: "PRAGMA user_version")
        }
    }
}
