import Foundation

/// Where the ledger's rows live. SQLite (`SQLiteLedger`) is the one store built; a server database would be
/// another conformance, and the chain and its verification (`LedgerChain`) stay the same for every store.
public protocol LedgerStore: Sendable {
    /// Appends a run as the next row, chained to the last one, atomically with respect to other writers.
    /// - Returns: the row as stored.
    func append(_ entry: LedgerEntry, at time: Date) throws(LedgerError) -> LedgerRow

    /// Every row, by id.
    func rows() throws(LedgerError) -> [LedgerRow]

    func row(id: Int64) throws(LedgerError) -> LedgerRow?

    /// Deletes the oldest rows, up to the first row at or after `date`, and appends a checkpoint in their place.
    /// - Returns: the checkpoint, or nil when no row was older than `date`.
    func prune(before date: Date, at time: Date) throws(LedgerError) -> LedgerRow?

    /// Records a runner's HMAC nonce as used.
    /// - Returns: when it was first used (RFC 3339 UTC) if it had been recorded before, else nil.
    func recordNonce(_ nonce: String, keyID: String, at time: Date) throws(LedgerError) -> String?
}

extension LedgerStore {
    /// Checks the whole chain.
    /// - Returns: the rows, once every one verifies.
    /// - Throws: `LedgerError.chainBroken` naming the first row whose chain breaks.
    public func verify() throws(LedgerError) -> [LedgerRow] {
        let rows = try rows()
        try LedgerChain.verify(rows)
        return rows
    }
}
