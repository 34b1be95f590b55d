import GRDB

/// The ledger's tables and how each schema version is reached. A file is recognised as a ledger by its SQLite
/// `application_id`, set when the file is created; `user_version` repeats the schema version for tools that read
/// the file directly.
enum LedgerSchema {
    /// `CAVR` in ASCII.
    static let applicationID: Int32 = 0x4341_5652
    static let current = 1

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entries (
                        id INTEGER PRIMARY KEY,
                        time TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        mode TEXT,
                        base TEXT,
                        head TEXT,
                        merge_base TEXT,
                        policy_digest TEXT,
                        runner_method TEXT,
                        runner_provider TEXT,
                        runner_subject TEXT,
                        status TEXT,
                        finding_count INTEGER,
                        findings TEXT,
                        approvals TEXT,
                        break_glass TEXT,
                        continues_from TEXT,
                        first_kept_id INTEGER,
                        pruned_rows INTEGER,
                        pruned_before TEXT,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX entries_time ON entries(time);
                    CREATE TABLE runner_nonces (
                        key_id TEXT NOT NULL,
                        nonce TEXT NOT NULL,
                        first_used TEXT NOT NULL,
                        PRIMARY KEY (key_id, nonce)
                    ) WITHOUT ROWID;
                    PRAGMA user_version = 1;
                    """)
        }
        return migrator
    }
}
