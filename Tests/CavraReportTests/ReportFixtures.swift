import CavraModel

/// Gate results for report tests, built through `GateResult`'s own initialiser so status and summary follow the
/// findings exactly as they do in a real run.
enum ReportFixtures {
    static let base = "1111111111111111111111111111111111111111"
    static let head = "2222222222222222222222222222222222222222"
    static let mergeBase = "3333333333333333333333333333333333333333"

    static let range = CompareRange(
        mode: .range, base: base, head: head, mergeBase: mergeBase, baseRef: "origin/main", headRef: "HEAD",
        commits: [head])
    static let policy = GateResult.PolicyInfo(
        id: "baseline", version: "1.2.0", digest: "sha256:" + String(repeating: "ab", count: 32),
        packs: ["baseline@1.2.0"])

    static let dotenv = Finding(
        fingerprint: "fp-dotenv", ruleID: "secrets.dotenv", decision: .deny, severity: .critical, kind: .path,
        path: "config/.env", reason: "Environment files hold secrets.", controls: ["NIST-SSDF:PS.1.1"])
    static let curlPipe = Finding(
        fingerprint: "fp-curl", ruleID: "commands.curl-pipe-shell", decision: .requireApproval, severity: .high,
        kind: .command, path: ".github/workflows/ci.yml", line: 14,
        command: "curl -H 'Authorization: Bearer abcdef123456' https://x.example/i.sh | sh",
        reason: "Piping a download into a shell runs unreviewed code.", controls: ["OWASP-LLM:LLM05"],
        approverGroup: "platform-security")
    static let docs = Finding(
        fingerprint: "fp-docs", ruleID: "paths.docs", decision: .allow, severity: .low, kind: .path,
        path: "docs/readme.md", reason: "Documentation changes are fine.")
    static let forcePush = Finding(
        fingerprint: "fp-force", ruleID: "refs.protected-main", decision: .deny, severity: .high, kind: .ref,
        ref: "refs/heads/main", operation: .force, reason: "Force pushes to main rewrite shared history.")

    static func result(
        _ findings: [Finding], errors: [GateResult.ErrorEntry] = [], repository: String = "example/repo",
        range: CompareRange = range, policy: GateResult.PolicyInfo = policy,
        approvalsIgnored: [IgnoredApproval] = [], breakGlass: BreakGlass? = nil
    ) -> GateResult {
        GateResult(
            tool: .init(version: "0.1.0"), repository: repository, range: range, policy: policy,
            changeCount: findings.count, findings: findings, errors: errors,
            warnings: approvalsIgnored.map(\.warning), approvalsIgnored: approvalsIgnored, breakGlass: breakGlass)
    }

    static let breakGlass = BreakGlass(
        actor: "oncall", reason: "payments are down", ticket: "INC-4711", expires: "2026-06-01T12:00:00Z",
        lifted: ["fp-dotenv", "fp-curl"])
    static let ignored = IgnoredApproval(
        file: ".cavra/approvals/alice.json", reason: .notEnoughApprovers,
        detail: "1 of the 2 distinct keys group release needs approve finding fp-curl")

    /// The mixed result forced open by break-glass, with one record that did not count.
    static var brokenGlass: GateResult {
        result([docs, curlPipe, dotenv], approvalsIgnored: [ignored], breakGlass: breakGlass)
    }

    static var mixed: GateResult { result([docs, curlPipe, dotenv, forcePush]) }

    /// `count` findings spread over every decision and severity, each with its own path and fingerprint.
    static func many(_ count: Int) -> GateResult {
        let decisions = Decision.allCases
        let severities = Severity.allCases
        let findings = (0..<count).map { index in
            Finding(
                fingerprint: "fp-\(index)", ruleID: "rule.\(index % 7)", decision: decisions[index % decisions.count],
                severity: severities[index % severities.count], kind: .path,
                path: "src/module\(index / 100)/file\(index).swift", line: index % 50 + 1,
                reason: "Finding number \(index) needs a look before it merges.")
        }
        return result(findings)
    }
}
