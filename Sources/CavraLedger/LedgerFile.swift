import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a file on disk is, read without opening it for writing, and how a new or older ledger is brought to the
/// current schema.
enum LedgerFile {
    enum State: Equatable {
        /// No file, or an empty one: a new ledger.
        case absent
        /// A ledger at the current schema.
        case current
        /// A ledger at an older schema, to be migrated.
        case older
    }

    /// Reads the file read-only, so a file that is not a ledger, or is newer, is never modified.
    /// - Returns: the state, and the read-only connection: kept open while the writable one opens, the WAL index
    ///   it rebuilt stays valid, and the writable connection does not rebuild it again.
    static func inspect(_ path: String) throws(LedgerError) -> (State, DatabaseQueue?) {
        guard FileManager.default.fileExists(atPath: path) else { return (.absent, nil) }
        var configuration = Configuration()
        configuration.readonly = true
        // Even a reader waits while another process creates the file or switches it to WAL.
        configuration.busyMode = .timeout(SQLiteLedger.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return (try queue.read { db in try state(db, path: path) }, queue)
        } catch {
            throw failure(error, path: path)
        }
    }

    /// Switches a new file to WAL and applies the migrations it lacks. Under an exclusive lock, as the migrator
    /// reads which migrations are applied outside the transaction that applies them: two processes creating the
    /// same ledger would otherwise both create its tables. The lock is taken on the ledger's folder, never on the
    /// file: closing any descriptor of the file would drop the locks SQLite holds on it in this process.
    static func initialise(_ queue: DatabaseQueue, path: String) throws(LedgerError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .database(path: path, detail: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw .database(path: path, detail: "its folder could not be locked: \(String(cString: strerror(errno)))")
        }
        defer { flock(descriptor, LOCK_UN) }
        do {
            let state = try queue.writeWithoutTransaction { db in
                let state = try Self.state(db, path: path)
                if state == .absent {
                    // The mark comes before any table, so a reader never sees tables without it and takes the
                    // file for another program's.
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA application_id = \(LedgerSchema.applicationID)")
                }
                return state
            }
            if state != .current { try LedgerSchema.migrator.migrate(queue) }
        } catch {
            throw failure(error, path: path)
        }
    }

    private static func state(_ db: Database, path: String) throws -> State {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if applicationID == 0, tables.isEmpty { return .absent }
        guard applicationID == LedgerSchema.applicationID else {
            throw LedgerError.notALedger(
                path: path, detail: "an SQLite database of another program, application id \(applicationID)")
        }
        let migrator = LedgerSchema.migrator
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if try migrator.hasBeenSuperseded(db) || version > LedgerSchema.current {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw LedgerError.newerSchema(path: path, found: unknown.last ?? "v\(version)")
        }
        return try migrator.hasCompletedMigrations(db) ? .current : .older
    }

    /// `cavra/` in the git directory, for `git config cavra.ledger true`, exists only once something is recorded.
    static func createFolder(containing path: String) throws(LedgerError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .database(path: path, detail: "its folder cannot be created: \(error.localizedDescription)")
        }
    }

    /// The one sentence for what SQLite refused.
    static func failure(_ error: any Error, path: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .notALedger(path: path, detail: "not an SQLite database")
            default:
                return .database(path: path, detail: error.message ?? "\(error.resultCode)")
            }
        }
        return .database(path: path, detail: "\(error)")
    }
}
