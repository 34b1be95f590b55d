import CavraTrust

/// One row of the ledger: a run of the gate, or the checkpoint a prune leaves. Rows are hash-chained: `hash` is
/// `sha256:` + the SHA-256 of the UTF-8 bytes of `prev_hash` followed by the canonical JSON of every other column
/// (`fields`), so editing any column of a row, or deleting a row, breaks the chain at that row or the next.
public struct LedgerRow: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case run, checkpoint
    }

    /// Every column but `hash`, by column name; null for what the row does not hold. The JSON columns
    /// (`findings`, `approvals`, `break_glass`) hold their JSON values.
    public let fields: [String: CanonicalJSON]
    public let hash: String

    /// The column names, in the order `ledger export --format csv` writes them.
    public static let columns = [
        "id", "time", "kind", "mode", "base", "head", "merge_base", "policy_digest", "runner_method",
        "runner_provider", "runner_subject", "status", "finding_count", "findings", "approvals", "break_glass",
        "continues_from", "first_kept_id", "pruned_rows", "pruned_before", "prev_hash", "hash",
    ]
    /// The columns that hold JSON text in the database.
    public static let jsonColumns: Set<String> = ["findings", "approvals", "break_glass"]

    /// The `prev_hash` of row 1.
    public static let genesisHash = Digest.prefix + String(repeating: "0", count: 64)

    /// A row as stored, to be verified.
    public init(fields: [String: CanonicalJSON], hash: String) {
        self.fields = fields
        self.hash = hash
    }

    /// The row of a run, its hash computed.
    public init(id: Int64, time: String, run: LedgerEntry, prevHash: String) {
        func text(_ value: String?) -> CanonicalJSON { value.map(CanonicalJSON.string) ?? .null }
        self.init(
            id: id, time: time, kind: .run, prevHash: prevHash,
            values: [
                "mode": text(run.mode), "base": text(run.base), "head": text(run.head),
                "merge_base": text(run.mergeBase), "policy_digest": text(run.policyDigest),
                "runner_method": text(run.runner.method), "runner_provider": text(run.runner.provider),
                "runner_subject": text(run.runner.subject), "status": .string(run.status),
                "finding_count": .integer(Int(run.findingCount)), "findings": run.findings,
                "approvals": run.approvals, "break_glass": run.breakGlass ?? .null,
            ])
    }

    /// The checkpoint a prune appends: the rows before `firstKeptID` were deleted, and the first kept row
    /// continues from `continuesFrom`, the hash of the last deleted row.
    public init(
        id: Int64, time: String, continuesFrom: String, firstKeptID: Int64, prunedRows: Int64, prunedBefore: String,
        prevHash: String
    ) {
        self.init(
            id: id, time: time, kind: .checkpoint, prevHash: prevHash,
            values: [
                "continues_from": .string(continuesFrom), "first_kept_id": .integer(Int(firstKeptID)),
                "pruned_rows": .integer(Int(prunedRows)), "pruned_before": .string(prunedBefore),
            ])
    }

    private init(id: Int64, time: String, kind: Kind, prevHash: String, values: [String: CanonicalJSON]) {
        var fields = Dictionary(uniqueKeysWithValues: Self.columns.dropLast().map { ($0, CanonicalJSON.null) })
        fields.merge(values) { $1 }
        fields["id"] = .integer(Int(id))
        fields["time"] = .string(time)
        fields["kind"] = .string(kind.rawValue)
        fields["prev_hash"] = .string(prevHash)
        self.init(fields: fields, hash: Self.hash(prevHash: prevHash, fields: fields))
    }

    /// The hash the row's columns give; equal to `hash` for a row nobody edited.
    public var computedHash: String {
        Self.hash(prevHash: prevHash ?? "", fields: fields)
    }

    private static func hash(prevHash: String, fields: [String: CanonicalJSON]) -> String {
        Digest.prefix + Digest.sha256Hex(Array(prevHash.utf8) + Array(CanonicalJSON.object(fields).text.utf8))
    }

    /// The row as exported: every column, `hash` included.
    public var exported: CanonicalJSON {
        var all = fields
        all["hash"] = .string(hash)
        return .object(all)
    }

    /// A column's value; nil when the row does not hold it (or holds another type).
    public func text(_ column: String) -> String? {
        if case .string(let value)? = fields[column] { return value }
        return nil
    }

    public func integer(_ column: String) -> Int64? {
        if case .integer(let value)? = fields[column] { return Int64(value) }
        return nil
    }

    public var id: Int64 { integer("id") ?? 0 }
    public var time: String { text("time") ?? "" }
    public var kind: Kind? { text("kind").flatMap(Kind.init(rawValue:)) }
    public var prevHash: String? { text("prev_hash") }
}
