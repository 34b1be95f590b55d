import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A repository with a base and a head to judge, and a ledger file beside it.
struct LedgerRepository {
    let repo: ScratchRepository
    let base: String
    let head: String

    init(function: String = #function) throws {
        repo = try ScratchRepository(function: function)
        try repo.write("README.md", "x\n")
        base = try repo.commitAll()
        try repo.write("src/a.c", "int a;\n")
        head = try repo.commitAll()
    }

    var ledger: String {
        repo.url.deletingLastPathComponent().appendingPathComponent("\(repo.url.lastPathComponent).sqlite").path
    }

    func check(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try GateBinary.run(
            ["check", "--base", base, "--head", head, "--ledger", ledger] + extra, in: repo.url,
            environment: environment)
    }

    func ledgerCommand(_ arguments: [String]) throws -> ProcessResult {
        try GateBinary.run(["ledger"] + arguments + ["--ledger", ledger], in: repo.url)
    }

    func sqlite(_ sql: String, path: String? = nil) throws -> String {
        let run = try Shell.run(["sqlite3", path ?? ledger, sql])
        try #require(run.status == 0, "sqlite3 failed: \(run.stderr)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func digest(_ path: String) throws -> String {
        let run = try Shell.run(["sha256sum", path])
        try #require(run.status == 0, "\(run.stderr)")
        return String(run.stdout.prefix(64))
    }

    /// Starts `cavra-gate` without waiting for it, its output discarded.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = try GateBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = repo.url
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        for key in ["GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD", "CI"] { env[key] = "" }
        process.environment = env.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

@Suite("ledger: check --ledger, the hooks, and the ledger commands")
struct LedgerTests {
    @Test("verify passes on an intact ledger and names the row after an edit or a deletion with sqlite3")
    func verify() throws {
        for (sql, row) in [
            ("UPDATE entries SET status = 'deny' WHERE id = 2", "row 2"), ("DELETE FROM entries WHERE id = 2", "row 3"),
        ] {
            let fixture = try LedgerRepository()
            for _ in 0..<3 { #expect(try fixture.check().status == 0) }
            let intact = try fixture.ledgerCommand(["verify"])
            #expect(intact.status == 0 && intact.stdout.contains("intact, 3 rows (1 to 3)"), "\(intact.stderr)")
            _ = try fixture.sqlite(sql)
            let broken = try fixture.ledgerCommand(["verify"])
            #expect(broken.status == 2, "\(broken.stdout)")
            #expect(broken.stderr.contains("the ledger's chain breaks at \(row)"), "\(broken.stderr)")
        }
    }

    @Test("ten checks started together all exit with the verdict, and all ten runs are recorded and chain")
    func concurrentChecks() throws {
        // Several rounds on a new file: creating the ledger is the racy part.
        for _ in 0..<3 {
            let fixture = try LedgerRepository()
            let arguments = ["check", "--base", fixture.base, "--head", fixture.head, "--ledger", fixture.ledger]
            let processes = try (0..<10).map { _ in try fixture.start(arguments) }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == Array(repeating: 0, count: 10))
            #expect(try fixture.sqlite("SELECT COUNT(*), MIN(id), MAX(id) FROM entries") == "10|1|10")
            let verified = try fixture.ledgerCommand(["verify"])
            #expect(verified.status == 0, "\(verified.stderr)")
        }
    }

    @Test("a writer killed with SIGKILL at random points leaves a ledger that passes integrity_check and verify")
    func killedWriter() throws {
        let fixture = try LedgerRepository()
        try fixture.repo.write("src/b.c", "int b;\n")
        _ = try fixture.repo.git(["add", "-A"])
        let gate = try GateBinary.url.path
        for round in 0..<6 {
            // A child of Process leads its own process group, so the kill reaches the loop and whichever gate it
            // is running.
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sh")
            child.arguments = ["-c", "while :; do \"$0\" hook pre-commit >/dev/null 2>&1; done", gate]
            child.currentDirectoryURL = fixture.repo.url
            child.environment = ProcessInfo.processInfo.environment.merging([
                "CAVRA_LEDGER": fixture.ledger, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            ]) { $1 }
            try child.run()
            usleep(UInt32.random(in: 150_000...600_000))
            let groupKilled = kill(-child.processIdentifier, SIGKILL) == 0
            if !groupKilled { kill(child.processIdentifier, SIGKILL) }
            #expect(groupKilled, "the loop was not a process group of its own")
            child.waitUntilExit()
            #expect(try fixture.sqlite("PRAGMA integrity_check") == "ok", "round \(round)")
            let verified = try fixture.ledgerCommand(["verify"])
            #expect(verified.status == 0, "round \(round): \(verified.stderr)")
        }
        #expect(Int(try fixture.sqlite("SELECT COUNT(*) FROM entries")) ?? 0 > 0)
    }

    @Test("garbage bytes, another program's database and a newer schema: exit 2, the file byte for byte as it was")
    func refusedFiles() throws {
        let fixture = try LedgerRepository()
        let garbage = fixture.ledger + ".garbage"
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }).write(to: URL(fileURLWithPath: garbage))
        let other = fixture.ledger + ".other"
        _ = try fixture.sqlite("CREATE TABLE t (x); INSERT INTO t VALUES (1);", path: other)
        #expect(try fixture.check().status == 0)
        _ = try fixture.sqlite("INSERT INTO grdb_migrations VALUES ('v2'); PRAGMA user_version = 2;")
        for (path, expected) in [
            (garbage, "is not a cavra-gate ledger"), (other, "is not a cavra-gate ledger"),
            (fixture.ledger, "was written by a newer cavra-gate (schema v2"),
        ] {
            let before = try fixture.digest(path)
            let run = try GateBinary.run(
                ["check", "--base", fixture.base, "--head", fixture.head, "--ledger", path], in: fixture.repo.url)
            #expect(run.status == 2 && run.stderr.contains(expected), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "a run whose ledger is refused prints no verdict: \(run.stdout)")
            let listed = try GateBinary.run(["ledger", "list", "--ledger", path], in: fixture.repo.url)
            #expect(listed.status == 2 && listed.stderr.contains(expected), "\(listed.stderr)")
            #expect(try fixture.digest(path) == before, "\(path) was modified")
        }
    }

    @Test("prune leaves a checkpoint, and verify still passes")
    func prune() throws {
        let fixture = try LedgerRepository()
        for _ in 0..<3 { #expect(try fixture.check().status == 0) }
        // Rows in the past, as a ledger that has been kept for a while holds them.
        _ = try fixture.sqlite("UPDATE entries SET time = '2020-01-0' || id || 'T00:00:00Z'")
        let rehash = try fixture.ledgerCommand(["verify"])
        #expect(rehash.status == 2, "editing times must break the chain")
        let fresh = try LedgerRepository()
        for _ in 0..<3 { #expect(try fresh.check().status == 0) }
        let nothing = try fresh.ledgerCommand(["prune", "--before", "2020-01-01"])
        #expect(nothing.status == 0 && nothing.stdout.contains("nothing was pruned"), "\(nothing.stderr)")
        let pruned = try fresh.ledgerCommand(["prune", "--before", "2999-01-01"])
        #expect(pruned.status == 0 && pruned.stdout.contains("pruned 3 rows; checkpoint row 4"), "\(pruned.stderr)")
        #expect(try fresh.check().status == 0)
        let verified = try fresh.ledgerCommand(["verify"])
        #expect(verified.status == 0 && verified.stdout.contains("2 rows (4 to 5)"), "\(verified.stderr)")
        let listed = try fresh.ledgerCommand(["list"])
        #expect(listed.stdout.contains("checkpoint: pruned 3 rows before 2999-01-01T00:00:00Z"), "\(listed.stdout)")
        #expect(try fresh.ledgerCommand(["prune", "--before", "yesterday"]).status == 2)
    }

    @Test("export: JSON lines whose hashes an independent script recomputes, and CSV with a header")
    func export() throws {
        let fixture = try LedgerRepository()
        try fixture.repo.write("config/.env", "TOKEN=1\n")
        let deniedHead = try fixture.repo.commitAll()
        #expect(try fixture.check().status == 0)
        let denied = try GateBinary.run(
            ["check", "--base", fixture.base, "--head", deniedHead, "--ledger", fixture.ledger], in: fixture.repo.url)
        #expect(denied.status == 1)
        let jsonl = try fixture.ledgerCommand(["export", "--format", "jsonl"])
        #expect(jsonl.status == 0)
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let second = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["status"] as? String == "deny" && second["head"] as? String == deniedHead)
        #expect(second["policy_digest"] as? String ?? "" != "" && second["finding_count"] as? Int ?? 0 >= 1)
        let findings = second["findings"] as? [[String: Any]] ?? []
        #expect(
            findings.contains { $0["rule_id"] as? String == "secrets.dotenv" && $0["decision"] as? String == "deny" })
        let export = fixture.ledger + ".jsonl"
        try Data(jsonl.stdout.utf8).write(to: URL(fileURLWithPath: export))
        let recomputed = try Shell.run([
            "python3", "-c",
            """
            import hashlib, json, sys
            prev = "sha256:" + "0" * 64
            for line in open(sys.argv[1]):
                row = json.loads(line)
                stored = row.pop("hash")
                body = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                assert row["prev_hash"] == prev, row["id"]
                assert stored == "sha256:" + hashlib.sha256((prev + body).encode()).hexdigest(), row["id"]
                prev = stored
            """, export,
        ])
        #expect(recomputed.status == 0, "the documented chain does not hold: \(recomputed.stderr)")
        let csv = try fixture.ledgerCommand(["export", "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n")
        #expect(rows.first?.hasPrefix("id,time,kind,mode,base,head,merge_base,policy_digest,") == true)
        #expect(rows.count == 4 && rows[2].hasPrefix("2,") && rows[2].contains(",deny,"), "\(csv.stdout)")
        let shown = try fixture.ledgerCommand(["show", "2"])
        #expect(shown.stdout.contains("status: deny") && shown.stdout.contains("head: \(deniedHead)"))
        #expect(try fixture.ledgerCommand(["show", "9"]).status == 2)
    }

    @Test("an HMAC nonce is accepted once: the same claims on a second run are refused as a replay")
    func nonceReplay() throws {
        let fixture = try LedgerRepository()
        let environment = ["POOL_KEY": "k3y-0f-the-runner-pool-at-least-32-bytes"]
        let policy = fixture.ledger + ".policy.yaml"
        try Data(
            """
            schema: cavra.policy.v1
            metadata: {id: pool-policy, title: Pool, extends: [cavra-ai-agent-baseline]}
            rules: []
            runner:
              require: hmac
              hmac: [{key_id: pool-1, key_env: POOL_KEY, max_age: 600}]
            """.utf8
        ).write(to: URL(fileURLWithPath: policy))
        let compiled = try GateBinary.run(["policy", "compile", policy], in: fixture.repo.url)
        let digest = try #require(
            compiled.stderr.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("sha256:") }.map(String.init),
            "\(compiled.stderr)")
        let signed = try GateBinary.run(
            [
                "runner", "sign-hmac", "--hmac-key-env", "POOL_KEY", "--key-id", "pool-1", "--head", fixture.head,
                "--policy-digest", digest,
            ], in: fixture.repo.url, environment: environment)
        try #require(signed.status == 0, "\(signed.stderr)")
        let claims = fixture.ledger + ".claims.json"
        try Data(signed.stdout.utf8).write(to: URL(fileURLWithPath: claims))
        let hmac = ["--hmac", claims, "--policy", policy]
        // A document that does not verify never uses up the nonce it carries.
        let forged = fixture.ledger + ".forged.json"
        try Data(signed.stdout.replacingOccurrences(of: fixture.head, with: fixture.base).utf8).write(
            to: URL(fileURLWithPath: forged))
        let refused = try fixture.check(["--hmac", forged, "--policy", policy], environment: environment)
        #expect(refused.status == 2 && refused.stderr.contains("(signature)"), "\(refused.stderr)")
        let first = try fixture.check(hmac, environment: environment)
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        let second = try fixture.check(hmac + ["--format", "json"], environment: environment)
        #expect(second.status == 2)
        #expect(
            second.stdout.contains("runner identity not verified (replay): nonce ")
                && second.stdout.contains("was already used"), "\(second.stdout)")
        // Without a ledger nothing remembers the nonce; the refused run is recorded too.
        let unrecorded = try GateBinary.run(
            ["check", "--base", fixture.base, "--head", fixture.head] + hmac, in: fixture.repo.url,
            environment: environment)
        #expect(unrecorded.status == 0)
        #expect(
            try fixture.sqlite("SELECT status, runner_method FROM entries ORDER BY id") == "error|\npass|hmac\nerror|")
    }

    @Test("hook pre-commit records in .git/cavra/ledger.sqlite with git config cavra.ledger true, and not without")
    func hookRecords() throws {
        let fixture = try LedgerRepository()
        try fixture.repo.write("src/b.c", "int b;\n")
        _ = try fixture.repo.git(["add", "-A"])
        let ledger = fixture.repo.url.appendingPathComponent(".git/cavra/ledger.sqlite").path
        #expect(try GateBinary.run(["hook", "pre-commit"], in: fixture.repo.url).status == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.repo.url.appendingPathComponent(".git/cavra").path))
        _ = try fixture.repo.git(["config", "cavra.ledger", "true"])
        let run = try GateBinary.run(["hook", "pre-commit"], in: fixture.repo.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try fixture.sqlite("SELECT id, mode, status FROM entries", path: ledger) == "1|staged|pass")
        let listed = try GateBinary.run(["ledger", "list"], in: fixture.repo.url)
        #expect(listed.status == 0 && listed.stdout.hasPrefix("1  "), "\(listed.stdout) \(listed.stderr)")
        // A ledger that cannot be written fails the hook closed, after the verdict.
        _ = try fixture.repo.git(["config", "cavra.ledger", "README.md"])
        let refused = try GateBinary.run(["hook", "pre-commit"], in: fixture.repo.url)
        #expect(refused.status == 2 && refused.stderr.contains("is not a cavra-gate ledger"), "\(refused.stderr)")
    }
}
