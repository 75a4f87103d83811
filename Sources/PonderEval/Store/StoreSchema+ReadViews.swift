import GRDB

/// Reading an older schema without writing it: temporary views named like the tables, over the file's tables,
/// with this version's column names.
///
/// A read-only store cannot migrate the file, and copying it (into memory or a temporary file) costs as much as
/// the file, which holds every candidate's text. A `TEMP` view lives in the connection only: SQLite creates it on
/// a read-only connection (even an `immutable=1` one) and writes nothing to the file, and an unqualified name
/// finds the `temp` schema before `main`, so `SELECT … FROM run` reads the view `temp.run` over `main.run`.
/// A column the file's version lacks (a version-1 `candidate` has no outcome score) reads as `NULL`.
extension StoreSchema {
    /// Installs the views on a read-only connection when its file is of an older readable version; does nothing
    /// for a file of this version or one that is not (yet) an evaluation database.
    ///
    /// - Throws: `DatabaseError` when the file's tables cannot be read.
    static func installReadViews(_ db: Database) throws {
        let found = try Int.fetchOne(db, sql: "PRAGMA main.user_version") ?? 0
        guard (oldestReadable..<version).contains(found) else { return }
        for table in tables {
            try db.execute(sql: "DROP VIEW IF EXISTS temp.\(table.quotedDatabaseIdentifier)")
            try db.execute(sql: try readViewSQL(table, in: db))
        }
    }

    /// Whether the connection reads through views that no longer fit its file: a writer migrated the file to
    /// this version after the views were made, and the old column names they select are gone.
    static func hasStaleReadViews(_ db: Database) throws -> Bool {
        let found = try Int.fetchOne(db, sql: "PRAGMA main.user_version") ?? 0
        guard found >= version else { return false }
        let views =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM temp.sqlite_master WHERE type = 'view' AND name = ?",
                arguments: [RunRow.databaseTableName]) ?? 0
        return views > 0
    }

    /// `CREATE TEMP VIEW table AS SELECT old AS new, … FROM main.table`, in this version's column order.
    private static func readViewSQL(_ table: String, in db: Database) throws -> String {
        let present = Set(
            try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(table.quotedDatabaseIdentifier))")
                .map { $0["name"] as String })
        var oldName: [String: String] = [:]
        for rename in renamedInVersion3[table] ?? [] { oldName[rename.new] = rename.old }
        let selected = (columns[table] ?? []).map { column in
            let source = oldName[column] ?? column
            let target = column.quotedDatabaseIdentifier
            return present.contains(source) ? "\(source.quotedDatabaseIdentifier) AS \(target)" : "NULL AS \(target)"
        }
        let name = table.quotedDatabaseIdentifier
        return "CREATE TEMP VIEW \(name) AS SELECT \(selected.joined(separator: ", ")) FROM main.\(name)"
    }
}
