import Foundation

/// A signed approval of one `require_approval` finding (`cavra.approval.v1`): the signature covers the canonical
/// JSON of every other member, so a record edited after signing no longer verifies.
public struct ApprovalRecord: Codable, Sendable, Hashable {
    public static let schemaID = "cavra.approval.v1"

    public var schema: String
    public var fingerprint: String
    public var ruleID: String
    public var policyDigest: String
    public var group: String
    public var approver: String
    public var reason: String
    /// RFC 3339 UTC.
    public var created: String
    /// RFC 3339 UTC.
    public var expires: String
    public var keyID: String
    /// Standard base64 of the Ed25519 or DER ECDSA P-256 signature.
    public var sig: String

    enum CodingKeys: String, CodingKey {
        case schema, fingerprint, group, approver, reason, created, expires, sig
        case ruleID = "rule_id"
        case policyDigest = "policy_digest"
        case keyID = "keyid"
    }

    /// A record signed with `key`; the key id is the key's own, so a verifier can find the public half.
    public init(
        fingerprint: String, ruleID: String, policyDigest: String, group: String, approver: String, reason: String,
        created: Date, expires: Date, signedWith key: SigningKey
    ) throws(TrustError) {
        guard key.algorithm != .hmacSHA256, let keyID = key.keyID else {
            throw TrustError(
                "an approval must be signed with an Ed25519 or ECDSA P-256 private key, not an HMAC secret")
        }
        schema = Self.schemaID
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.policyDigest = policyDigest
        self.group = group
        self.approver = approver
        self.reason = reason
        self.created = Self.timestamp(created)
        self.expires = Self.timestamp(expires)
        self.keyID = keyID
        sig = ""
        sig = Data(try key.sign(try signedBytes())).base64EncodedString()
    }

    /// What the signature covers: the canonical JSON of the record without `sig`.
    public func signedBytes() throws(TrustError) -> [UInt8] {
        do {
            guard case .object(var members) = try CanonicalJSON(encoding: self) else { return [] }
            members["sig"] = nil
            return Array(CanonicalJSON.object(members).text.utf8)
        } catch {
            throw TrustError("the approval record cannot be put in canonical form: \(error)")
        }
    }

    /// Whether `key` made `sig` over this record; a key of an HMAC secret never verifies an approval.
    public func isSigned(by key: TrustedKey) -> Bool {
        guard key.algorithm != .hmacSHA256, let signature = Data(base64Encoded: sig),
            let message = try? signedBytes()
        else { return false }
        return key.isValid(signature: Array(signature), for: message)
    }

    /// The record as its file holds it: canonical JSON and one newline.
    public func fileText() throws(TrustError) -> String {
        do {
            return try CanonicalJSON(encoding: self).text + "\n"
        } catch {
            throw TrustError("the approval record cannot be put in canonical form: \(error)")
        }
    }

    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// An RFC 3339 time, with or without fractional seconds; nil when it is not one.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
