import CavraModel

/// Why the ledger could not be read, written or trusted. Every case stops the run (exit 2): a gate that cannot
/// record what it decided fails closed.
public enum LedgerError: GateFailure, Equatable {
    /// The file is not a ledger: garbage, or an SQLite database of another program. It was left untouched.
    case notALedger(path: String, detail: String)
    /// The file was written by a newer cavra-gate, whose schema this build does not know. It was left untouched.
    case newerSchema(path: String, found: String)
    /// No file at the path, where one must exist (the `ledger` commands never create one).
    case missing(path: String)
    /// SQLite refused an operation.
    case database(path: String, detail: String)
    /// The hash chain does not hold from this row on.
    case chainBroken(row: Int64, detail: String)
    /// `ledger show` of an id the ledger does not hold.
    case noSuchRow(Int64)

    public var message: String {
        switch self {
        case .notALedger(let path, let detail):
            "\(path) is not a cavra-gate ledger (\(detail)); it was left unchanged, point --ledger at a new file "
                + "or at an existing ledger"
        case .newerSchema(let path, let found):
            "the ledger \(path) was written by a newer cavra-gate (schema \(found), this build knows up to "
                + "\(LedgerSchema.current)); it was left unchanged, use that version or a newer one"
        case .missing(let path):
            "there is no ledger at \(path); a check with --ledger creates one"
        case .database(let path, let detail):
            "the ledger \(path) could not be used: \(detail)"
        case .chainBroken(let row, let detail):
            "the ledger's chain breaks at row \(row): \(detail); the row was edited or rows were deleted"
        case .noSuchRow(let id):
            "the ledger holds no row \(id); ledger list shows the ids it holds"
        }
    }
}
