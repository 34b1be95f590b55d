import CavraModel
import Crypto

/// Stable identities for findings and digests for policies.
public enum Fingerprint {
    /// The same rule, subject and content give the same fingerprint on every run and machine, so baselines,
    /// approvals and SARIF `partialFingerprints` can key on it.
    public static func make(ruleID: String, kind: FindingKind, subject: String, content: String) -> String {
        sha256Hex([ruleID, kind.rawValue, subject, content].joined(separator: "\u{0}"))
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
