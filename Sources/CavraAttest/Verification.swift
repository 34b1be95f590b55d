import CavraModel
import Foundation

/// What `attest verify` found: each check that ran, and the verdict the statement records.
public struct Verification: Encodable, Sendable {
    static let signature = "signature"
    static let subject = "subject"
    static let policyDigest = "policy digest"
    static let reproduction = "reproduction"

    public struct Check: Encodable, Sendable, Hashable {
        public var name: String
        public var ok: Bool
        public var detail: String
    }

    public let verdict: String?
    public let checks: [Check]

    public var verified: Bool { checks.allSatisfy(\.ok) }

    /// The first check that failed, as the sentence the command exits with.
    public var failure: AttestationError? {
        guard let failed = checks.first(where: { !$0.ok }) else { return nil }
        return AttestationError(
            "the attestation is not verified: the \(failed.name) check failed (\(failed.detail)); do not rely on it")
    }

    public var text: String {
        var lines = [
            verified
                ? "verified: the statement records the verdict \(verdict ?? "unknown")"
                : "NOT verified; the statement claims the verdict \(verdict ?? "unknown")"
        ]
        lines += checks.map { "  \($0.ok ? "ok" : "FAILED") \($0.name): \($0.detail)" }
        // Details quote the statement, which anyone can write: each line is one a CI log never acts on.
        return lines.map(DisplayText.line).joined(separator: "\n") + "\n"
    }

    public func json() throws(AttestationError) -> String {
        try IndentedJSON.text(self)
    }

    enum CodingKeys: String, CodingKey {
        case verified, verdict, checks
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verified, forKey: .verified)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(checks, forKey: .checks)
    }
}
