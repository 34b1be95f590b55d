import Foundation

/// The rules that make the ledger tamper-evident, independent of where the rows are stored.
public enum LedgerChain {
    /// Checks that every row's hash is what its fields give, that each row continues from the one before, and
    /// that rows missing at the start were removed by a prune whose checkpoint says so.
    /// - Parameter rows: every row, by id.
    /// - Throws: `LedgerError.chainBroken` naming the first row whose chain breaks.
    public static func verify(_ rows: [LedgerRow]) throws(LedgerError) {
        guard let first = rows.first else { return }
        var expected = LedgerRow.genesisHash
        if first.id != 1 {
            // Only the newest checkpoint speaks for the start: a prune deletes older checkpoints with the rows.
            let checkpoint = rows.last(where: { $0.kind == .checkpoint })
            // An edited checkpoint is the row to name, not the first row it no longer accounts for.
            if let checkpoint, checkpoint.computedHash != checkpoint.hash {
                throw .chainBroken(row: checkpoint.id, detail: Self.editedRow)
            }
            guard let checkpoint, let firstKeptID = checkpoint.integer("first_kept_id"),
                let continuesFrom = checkpoint.text("continues_from")
            else {
                throw .chainBroken(
                    row: first.id,
                    detail: "rows 1 to \(first.id - 1) are missing and no checkpoint records their removal")
            }
            guard firstKeptID == first.id else {
                throw .chainBroken(
                    row: first.id,
                    detail: "the last prune kept rows from \(firstKeptID) on, but the first row is \(first.id)")
            }
            expected = continuesFrom
        }
        var previousID = first.id - 1
        for row in rows {
            guard row.id == previousID + 1 else {
                throw .chainBroken(row: row.id, detail: "row \(previousID + 1) before it is missing")
            }
            guard row.prevHash == expected else {
                throw .chainBroken(
                    row: row.id,
                    detail: row.id == first.id
                        ? "its prev_hash is not the hash the chain starts from"
                        : "its prev_hash is not the hash of row \(previousID)")
            }
            guard row.computedHash == row.hash else {
                throw .chainBroken(row: row.id, detail: Self.editedRow)
            }
            expected = row.hash
            previousID = row.id
        }
    }

    private static let editedRow = "its hash is not the hash of its contents"
}
