import CavraLedger
import CavraModel
import CavraTrust
import Foundation
import Testing

@Suite("SQLite ledger: the chain, refused files, prune and nonces")
struct SQLiteLedgerTests {
    @Test("rows count from 1, each continuing from the one before, and the chain verifies")
    func appendAndVerify() throws {
        let fixture = try LedgerFixture()
        let ledger = try fixture.open()
        let first = try ledger.append(LedgerEntry(result: LedgerFixture.result()), at: Date())
        let second = try ledger.append(LedgerEntry(result: LedgerFixture.result(approved: true)), at: Date())
        #expect(first.id == 1 && second.id == 2)
        #expect(first.prevHash == LedgerRow.genesisHash && second.prevHash == first.hash)
        #expect(try ledger.verify().map(\.hash) == [first.hash, second.hash])
        // Reopening reads back exactly what was written.
        #expect(try fixture.open(creating: false).rows() == [first, second])
        #expect(try fixture.sqlite("PRAGMA journal_mode") == "wal")
    }

    @Test("a run's row holds its range, policy, runner, findings and the approvals that applied")
    func entryOfAResult() throws {
        let entry = LedgerEntry(result: LedgerFixture.result(approved: true))
        #expect(entry.mode == "range" && entry.head == String(repeating: "b", count: 40))
        #expect(entry.runner == LedgerEntry.Runner(method: "hmac", provider: "self-hosted", subject: "runner-7"))
        #expect(entry.status == "deny" && entry.findingCount == 2)
        #expect(
            entry.findings.text
                == #"[{"decision":"deny","fingerprint":"f-deny","rule_id":"secrets.dotenv"},"#
                + #"{"decision":"require_approval","fingerprint":"f-approve","rule_id":"ci.workflow-change"}]"#)
        #expect(entry.approvals.text.contains(#""approver":"ana@example.invalid","expires":"2030-01-01T00:00:00Z""#))
        #expect(entry.breakGlass == nil)
    }

    @Test("the hash is sha256 of prev_hash followed by the canonical row without hash")
    func hashDefinition() throws {
        let row = LedgerRow(
            id: 1, time: "2026-01-01T00:00:00Z", run: LedgerEntry(result: LedgerFixture.result()),
            prevHash: LedgerRow.genesisHash)
        guard case .object(var fields) = row.exported else { Issue.record("not an object"); return }
        fields["hash"] = nil
        #expect(row.hash == Digest.prefix + Digest.sha256Hex(LedgerRow.genesisHash + CanonicalJSON.object(fields).text))
    }

    @Test("an edited column, an edited hash and a deleted row each break the chain at the row they touch")
    func tampering() throws {
        for (sql, row) in [
            ("UPDATE entries SET status = 'pass' WHERE id = 2", 2),
            ("UPDATE entries SET findings = '[]' WHERE id = 3", 3),
            ("UPDATE entries SET finding_count = 0 WHERE id = 2", 2),
            ("UPDATE entries SET hash = prev_hash WHERE id = 2", 2),
            ("DELETE FROM entries WHERE id = 2", 3),
            ("DELETE FROM entries WHERE id = 1", 2),
        ] {
            let fixture = try LedgerFixture()
            let ledger = try fixture.open()
            for _ in 0..<4 { _ = try ledger.append(LedgerEntry(result: LedgerFixture.result()), at: Date()) }
            _ = try fixture.sqlite(sql)
            #expect(throws: LedgerError.self) { try ledger.verify() }
            do {
                _ = try ledger.verify()
            } catch {
                guard case .chainBroken(let broken, _) = error else { Issue.record("\(error)"); continue }
                #expect(broken == Int64(row), "\(sql): \(error.message)")
            }
        }
    }

    @Test("prune deletes the oldest rows and leaves a checkpoint the rest verifies from")
    func prune() throws {
        let fixture = try LedgerFixture()
        let ledger = try fixture.open()
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        let new = Date(timeIntervalSince1970: 1_800_000_000)
        for offset in 0..<3 {
            _ = try ledger.append(LedgerEntry(result: LedgerFixture.result()), at: old + Double(offset))
        }
        let kept = try ledger.append(LedgerEntry(result: LedgerFixture.result()), at: new)
        #expect(try ledger.prune(before: old, at: new) == nil)
        let checkpoint = try #require(try ledger.prune(before: new - 10, at: new + 1))
        #expect(
            checkpoint.id == 5 && checkpoint.integer("first_kept_id") == 4 && checkpoint.integer("pruned_rows") == 3)
        #expect(try ledger.verify().map(\.id) == [4, 5])
        #expect(try ledger.append(LedgerEntry(result: LedgerFixture.result()), at: new + 2).id == 6)
        _ = kept
        // Pruning everything leaves the checkpoint alone, still verifying; a later prune covers the earlier one.
        let all = try #require(try ledger.prune(before: new + 100, at: new + 200))
        #expect(try ledger.verify().map(\.id) == [all.id])
        // Deleting a kept row at the start is not what the checkpoint recorded.
        let fixture2 = try LedgerFixture()
        let ledger2 = try fixture2.open()
        for offset in 0..<4 {
            _ = try ledger2.append(LedgerEntry(result: LedgerFixture.result()), at: old + Double(offset))
        }
        _ = try ledger2.prune(before: old + 2, at: new)
        _ = try fixture2.sqlite("DELETE FROM entries WHERE id = 3")
        #expect(
            throws: LedgerError.chainBroken(
                row: 4, detail: "the last prune kept rows from 3 on, but the first row is 4")
        ) { try ledger2.verify() }
    }

    @Test("a nonce is new once, then answers when it was first used")
    func nonces() throws {
        let ledger = try LedgerFixture().open()
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try ledger.recordNonce("n-1", keyID: "pool-1", at: time) == nil)
        #expect(try ledger.recordNonce("n-1", keyID: "pool-1", at: time + 5) == "2027-01-15T08:00:00Z")
        #expect(try ledger.recordNonce("n-1", keyID: "pool-2", at: time) == nil)
    }

    @Test("garbage, another program's database and a newer schema are refused and left byte for byte")
    func refusedFiles() throws {
        let garbage = try LedgerFixture()
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: URL(fileURLWithPath: garbage.path))
        let other = try LedgerFixture()
        _ = try other.sqlite("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');")
        let newer = try LedgerFixture()
        _ = try newer.open().append(LedgerEntry(result: LedgerFixture.result()), at: Date())
        _ = try newer.sqlite("INSERT INTO grdb_migrations VALUES ('v9'); PRAGMA user_version = 9;")
        for (fixture, expected) in [
            (garbage, "not a cavra-gate ledger"), (other, "not a cavra-gate ledger"),
            (newer, "newer cavra-gate (schema v9"),
        ] {
            let before = try fixture.fileBytes()
            do {
                _ = try fixture.open()
                Issue.record("\(fixture.path) was opened")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
            }
            #expect(try fixture.fileBytes() == before)
        }
    }

    @Test("the ledger commands never create a ledger")
    func missing() throws {
        let fixture = try LedgerFixture()
        #expect(throws: LedgerError.missing(path: fixture.path)) { try fixture.open(creating: false) }
        #expect(!FileManager.default.fileExists(atPath: fixture.path))
    }

    @Test("export: one canonical line per row with its hash, and CSV with a header")
    func export() throws {
        let ledger = try LedgerFixture().open()
        let row = try ledger.append(LedgerEntry(result: LedgerFixture.result()), at: Date())
        let lines = LedgerReport.jsonLines([row]).split(separator: "\n")
        #expect(lines == [Substring(row.exported.text)])
        let csv = LedgerReport.csv([row]).components(separatedBy: "\r\n")
        #expect(csv[0] == LedgerRow.columns.joined(separator: ","))
        #expect(csv[1].hasPrefix("1,\(row.time),run,range,"))
        #expect(csv[1].contains(#""[{""decision"":""deny"",""fingerprint"":""f-deny"""#))
        #expect(csv[1].hasSuffix(",\(row.prevHash ?? ""),\(row.hash)"))
    }
}
