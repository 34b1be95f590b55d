import CLedgerSQLite
import CavraTrust
import Foundation
import GRDB

/// The ledger in one SQLite file: WAL, so readers never wait for the writer; a busy timeout, so concurrent runs
/// queue instead of failing; every append one IMMEDIATE transaction, so two writers can never chain to the same
/// row.
public struct SQLiteLedger: LedgerStore {
    public let path: String
    private let queue: DatabaseQueue

    /// How long a writer waits for another to finish before the run fails closed.
    static let busyTimeout: TimeInterval = 30

    /// Opens the ledger at `path`. A file that is not a ledger, or that a newer schema wrote, is refused before
    /// anything opens it for writing, so it is never modified.
    /// - Parameter creating: make a new ledger, and the folder it goes in, when there is no file (`check`, the
    ///   hooks); the `ledger` commands read existing ledgers only.
    /// - Throws: `LedgerError`.
    public init(path: String, creating: Bool) throws(LedgerError) {
        self.path = path
        let (state, inspector) = try LedgerFile.inspect(path)
        if state == .absent {
            guard creating else { throw .missing(path: path) }
            try LedgerFile.createFolder(containing: path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        // A crash or SIGKILL loses nothing committed under NORMAL in WAL mode; only a power cut can lose the last
        // commits, never the file's consistency, and a commit costs no fsync. Closing the last connection would
        // checkpoint the WAL and delete it (four fsyncs, and a new WAL next time): it is kept instead, and SQLite
        // checkpoints it once it holds 100 pages, which also bounds what the next process reads to recover it.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 100")
            _ = cavra_ledger_keep_wal_on_close(db.sqliteConnection)
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw LedgerFile.failure(error, path: path)
        }
        withExtendedLifetime(inspector) {}
        if state != .current { try LedgerFile.initialise(queue, path: path) }
    }

    public func append(_ entry: LedgerEntry, at time: Date) throws(LedgerError) -> LedgerRow {
        try immediate { db in
            let (id, prevHash) = try Self.next(db)
            let row = LedgerRow(id: id, time: LedgerTime.text(time), run: entry, prevHash: prevHash)
            try Self.insert(row, db)
            return row
        }
    }

    public func rows() throws(LedgerError) -> [LedgerRow] {
        try reading { db in try Row.fetchAll(db, sql: "SELECT * FROM entries ORDER BY id").map(Self.decode) }
    }

    public func row(id: Int64) throws(LedgerError) -> LedgerRow? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM entries WHERE id = ?", arguments: [id]).map(Self.decode)
        }
    }

    public func prune(before date: Date, at time: Date) throws(LedgerError) -> LedgerRow? {
        let cutoff = LedgerTime.text(date)
        return try immediate { db in
            // Only a leading run of rows is deleted, so what is kept stays one chain whatever the clock did.
            guard let first = try Row.fetchOne(db, sql: "SELECT id, time FROM entries ORDER BY id LIMIT 1"),
                let firstTime: String = first["time"], firstTime < cutoff
            else { return nil }
            let (nextID, lastHash) = try Self.next(db)
            let firstKept =
                try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM entries WHERE time >= ?", arguments: [cutoff])
                ?? nextID
            let continuesFrom =
                try String.fetchOne(db, sql: "SELECT hash FROM entries WHERE id = ?", arguments: [firstKept - 1])
                ?? lastHash
            try db.execute(sql: "DELETE FROM entries WHERE id < ?", arguments: [firstKept])
            let checkpoint = LedgerRow(
                id: nextID, time: LedgerTime.text(time), continuesFrom: continuesFrom,
                firstKeptID: firstKept, prunedRows: Int64(db.changesCount), prunedBefore: cutoff, prevHash: lastHash)
            try Self.insert(checkpoint, db)
            return checkpoint
        }
    }

    public func recordNonce(_ nonce: String, keyID: String, at time: Date) throws(LedgerError) -> String? {
        try immediate { db in
            if let firstUsed = try String.fetchOne(
                db, sql: "SELECT first_used FROM runner_nonces WHERE key_id = ? AND nonce = ?",
                arguments: [keyID, nonce])
            {
                return firstUsed
            }
            try db.execute(
                sql: "INSERT INTO runner_nonces (key_id, nonce, first_used) VALUES (?, ?, ?)",
                arguments: [keyID, nonce, LedgerTime.text(time)])
            return nil
        }
    }

    /// The id and `prev_hash` of the next row; read in the same transaction that inserts it.
    private static func next(_ db: Database) throws -> (id: Int64, prevHash: String) {
        guard let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1"),
            let id: Int64 = last["id"], let hash: String = last["hash"]
        else { return (1, LedgerRow.genesisHash) }
        return (id + 1, hash)
    }

    private static func insert(_ row: LedgerRow, _ db: Database) throws {
        let values: [(any DatabaseValueConvertible)?] = LedgerRow.columns.map { column in
            guard column != "hash" else { return row.hash }
            switch row.fields[column] ?? .null {
            case .null: return nil
            case .string(let text): return text
            case .integer(let number): return Int64(number)
            case .bool(let flag): return flag
            case let json: return json.text
            }
        }
        let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO entries (\(LedgerRow.columns.joined(separator: ", "))) VALUES (\(placeholders))",
            arguments: StatementArguments(values))
    }

    /// A stored row exactly as the database holds it: any edit, even of a type, changes its canonical form.
    private static func decode(_ row: Row) -> LedgerRow {
        var fields: [String: CanonicalJSON] = [:]
        for column in LedgerRow.columns.dropLast() {
            let value = row[column] as DatabaseValue? ?? .null
            switch value.storage {
            case .null: fields[column] = .null
            case .int64(let number): fields[column] = .integer(Int(number))
            case .string(let text):
                if LedgerRow.jsonColumns.contains(column),
                    let json = try? JSONDecoder().decode(CanonicalJSON.self, from: Data(text.utf8))
                {
                    fields[column] = json
                } else {
                    fields[column] = .string(text)
                }
            case .double(let number): fields[column] = .string("real \(number)")
            case .blob(let data): fields[column] = .string("blob \(data.base64EncodedString())")
            }
        }
        return LedgerRow(fields: fields, hash: row["hash"] as String? ?? "")
    }

    /// GRDB's write transactions on a writable connection are IMMEDIATE: the write lock is taken before the last
    /// row is read, so no other writer can chain to it in between.
    private func immediate<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw LedgerFile.failure(error, path: path)
        }
    }

    private func reading<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw LedgerFile.failure(error, path: path)
        }
    }
}
