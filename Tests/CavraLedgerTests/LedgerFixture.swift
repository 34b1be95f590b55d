import CavraLedger
import CavraModel
import Foundation

/// A ledger file in a fresh folder, and the runs tests append to it.
struct LedgerFixture {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var path: String { folder.appendingPathComponent("ledger.sqlite").path }

    func open(creating: Bool = true) throws(LedgerError) -> SQLiteLedger {
        try SQLiteLedger(path: path, creating: creating)
    }

    static func result(head: String = String(repeating: "b", count: 40), approved: Bool = false) -> GateResult {
        let approval = Approval(
            approver: "ana@example.invalid", group: "platform-security",
            keyID: "sha256:" + String(repeating: "d", count: 64),
            expires: "2030-01-01T00:00:00Z", file: ".cavra/approvals/x.json")
        let findings = [
            Finding(
                fingerprint: "f-deny", ruleID: "secrets.dotenv", decision: .deny, severity: .critical, kind: .path,
                path: "config/.env", reason: "Environment files hold secrets."),
            Finding(
                fingerprint: "f-approve", ruleID: "ci.workflow-change", decision: .requireApproval, severity: .high,
                kind: .path, path: ".github/workflows/ci.yml", reason: "CI changes need review.",
                approverGroup: "platform-security", approval: approved ? approval : nil),
        ]
        return GateResult(
            tool: GateResult.Tool(version: "0.1.0"), repository: "/work/app",
            range: CompareRange(
                mode: .range, base: String(repeating: "a", count: 40), head: head,
                mergeBase: String(repeating: "a", count: 40)),
            policy: GateResult.PolicyInfo(
                id: "team", version: "2", digest: "sha256:" + String(repeating: "c", count: 64), packs: ["team@2"]),
            runner: GateResult.Runner(
                verified: true, method: "hmac", provider: "self-hosted", issuer: "pool-1",
                subject: "runner-7"),
            changeCount: 2, findings: findings)
    }

    /// Runs the sqlite3 command line on the ledger, as someone tampering with it would.
    func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LedgerFixtureError.sqlite(sql) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func fileBytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

enum LedgerFixtureError: Error {
    case sqlite(String)
}
