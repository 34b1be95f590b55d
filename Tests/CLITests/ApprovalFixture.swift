import Foundation
import TestSupport
import Testing

/// A repository whose base holds a policy and the `release` group's approver key, and whose head adds a change
/// that needs `release`'s approval and one that is denied.
struct ApprovalFixture {
    static let policy = """
        schema: cavra.policy.v1
        metadata: {id: team-policy, title: Team policy, version: "1"}
        rules:
          - {id: team.deploy, match: {paths: ["deploy/**"]}, decision: require_approval, severity: high, approvers: [release]}
          - {id: team.secrets, match: {paths: ["secrets/**"]}, decision: deny, severity: critical}
        """

    let repo: ScratchRepository
    /// Keys live outside the repository, as an approver's would.
    let keys: URL
    let base: String
    let head: String

    /// `policy` is the base's `.cavra/policy.yaml`; `headPolicy`, when given, is what the head changes it to.
    init(
        denied: Bool = false, policy: String = Self.policy, headPolicy: String? = nil,
        approvers: [String: [String]] = ["release": ["alice"], "docs": ["carol"]], function: String = #function
    ) throws {
        repo = try ScratchRepository(function: function)
        keys = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        for name in ["alice", "bob", "carol"] {
            let run = try GateBinary.run(["policy", "keygen", "--output", keys.path, "--key-id", name], in: repo.url)
            try #require(run.status == 0, "\(run.stderr)")
        }
        try repo.write("README.md", "x\n")
        try repo.write(".cavra/policy.yaml", policy)
        try repo.write(
            ".cavra/approvers.yaml", try Self.approvers(approvers, keys: keys))
        base = try repo.commitAll("base")
        try repo.write("deploy/app.yaml", "replicas: 3\n")
        if denied { try repo.write("secrets/token.txt", "t\n") }
        if let headPolicy { try repo.write(".cavra/policy.yaml", headPolicy) }
        head = try repo.commitAll("head")
    }

    static func approvers(_ groups: [String: [String]], keys: URL) throws -> String {
        var text = "groups:\n"
        for (group, names) in groups.sorted(by: { $0.key < $1.key }) {
            text += "  \(group):\n"
            for name in names {
                let pem = try String(contentsOf: keys.appendingPathComponent("\(name).public.pem"), encoding: .utf8)
                text += "    - |\n" + pem.split(separator: "\n").map { "      \($0)\n" }.joined()
            }
        }
        return text
    }

    func key(_ name: String) -> String { keys.appendingPathComponent("\(name).private.pem").path }

    func check(_ extra: [String] = [], format: String = "json") throws -> ProcessResult {
        try GateBinary.run(["check", "--base", base, "--head", "HEAD", "--format", format] + extra, in: repo.url)
    }

    func result(_ extra: [String] = []) throws -> (status: Int32, json: [String: Any]) {
        let run = try check(extra)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return (run.status, json)
    }

    /// The finding of `rule` in this run.
    func finding(_ rule: String) throws -> [String: Any] {
        let findings = try result().json["findings"] as? [[String: Any]] ?? []
        return try #require(findings.first { $0["rule_id"] as? String == rule })
    }

    /// Signs a record as any other tool would, with Python's cryptography package and the canonical JSON
    /// docs/approvals.md describes, so the gate is checked against an implementation that is not its own.
    func pythonRecord(key: String, fields: [String: String], editAfterSigning: [String: String] = [:]) throws
        -> String
    {
        let script = """
            import base64, json, sys
            from cryptography.hazmat.primitives import serialization, hashes
            from cryptography.hazmat.primitives.serialization import load_pem_private_key
            key = load_pem_private_key(open(sys.argv[1], "rb").read(), None)
            record = json.loads(sys.argv[2])
            der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            digest = hashes.Hash(hashes.SHA256()); digest.update(der)
            record["keyid"] = "sha256:" + digest.finalize().hex()
            body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            record["sig"] = base64.b64encode(key.sign(body)).decode()
            record.update(json.loads(sys.argv[3]))
            print(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            """
        let encode = { (value: [String: String]) in
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }
        let run = try Shell.run(
            ["/usr/bin/env", "python3", "-c", script, key, try encode(fields), try encode(editAfterSigning)])
        try #require(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    /// The fields of a record approving `finding` for `group`, valid for a day unless `expires` says otherwise.
    func fields(
        for finding: [String: Any], group: String = "release", policyDigest: String? = nil, expires: String? = nil
    )
        throws -> [String: String]
    {
        let policy = try result().json["policy"] as? [String: Any]
        return [
            "schema": "cavra.approval.v1",
            "fingerprint": finding["fingerprint"] as? String ?? "",
            "rule_id": finding["rule_id"] as? String ?? "",
            "policy_digest": policyDigest ?? policy?["digest"] as? String ?? "",
            "group": group,
            "approver": "alice@example.invalid",
            "reason": "reviewed the rollout",
            "created": "2026-01-01T00:00:00Z",
            "expires": expires ?? "2099-01-01T00:00:00Z",
        ]
    }
}
