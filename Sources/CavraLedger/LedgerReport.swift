import CavraTrust
import Foundation

/// The ledger's rows as `ledger list`, `show` and `export` print them.
public enum LedgerReport {
    /// One line per row: id, time, then what was decided (or what a prune removed).
    public static func list(_ rows: [LedgerRow]) -> [String] {
        rows.map { row in
            var parts = ["\(row.id)", row.time]
            if row.kind == .checkpoint {
                parts.append(
                    "checkpoint: pruned \(row.integer("pruned_rows") ?? 0) rows before "
                        + "\(row.text("pruned_before") ?? "?"), continues from \(row.text("continues_from") ?? "?")")
            } else {
                parts += [
                    row.text("status") ?? "?", row.text("mode") ?? "-",
                    row.text("head").map { String($0.prefix(12)) } ?? "-",
                    "\(row.integer("finding_count") ?? 0) findings",
                    row.text("runner_method").map { "runner \($0)" } ?? "no runner identity",
                ]
                if row.fields["break_glass"] != .null { parts.append("BREAK-GLASS") }
            }
            return parts.joined(separator: "  ")
        }
    }

    /// Every column of one row, `name: value`, JSON columns as canonical JSON.
    public static func show(_ row: LedgerRow) -> [String] {
        LedgerRow.columns.map { column in
            let value = column == "hash" ? .string(row.hash) : row.fields[column] ?? .null
            if case .string(let text) = value { return "\(column): \(text)" }
            return "\(column): \(value.text)"
        }
    }

    /// One canonical JSON object per row, `hash` included: hashing each line without `hash` after its
    /// `prev_hash` gives the hash again (docs/ledger.md).
    public static func jsonLines(_ rows: [LedgerRow]) -> String {
        rows.map { $0.exported.text + "\n" }.joined()
    }

    /// RFC 4180 CSV with a header row; JSON columns as canonical JSON text, null as an empty field.
    public static func csv(_ rows: [LedgerRow]) -> String {
        var lines = [LedgerRow.columns.joined(separator: ",")]
        for row in rows {
            lines.append(
                LedgerRow.columns.map { column in
                    switch column == "hash" ? .string(row.hash) : row.fields[column] ?? .null {
                    case .null: return ""
                    case .string(let text): return quoted(text)
                    case .integer(let number): return String(number)
                    case let json: return quoted(json.text)
                    }
                }.joined(separator: ","))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
