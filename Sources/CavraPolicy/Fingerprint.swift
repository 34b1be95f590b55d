import CavraModel
import CavraTrust

/// Stable identities for findings.
public enum Fingerprint {
    /// The same rule, subject and content give the same fingerprint on every run and machine, so baselines,
    /// approvals and SARIF `partialFingerprints` can key on it.
    public static func make(ruleID: String, kind: FindingKind, subject: String, content: String) -> String {
        Digest.sha256Hex([ruleID, kind.rawValue, subject, content].joined(separator: "\u{0}"))
    }
}
