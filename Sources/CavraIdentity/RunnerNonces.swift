/// Remembers the nonces of HMAC runner claims, so that one claims document verifies one run only (the ledger keeps
/// them, docs/ledger.md).
public protocol RunnerNonces: Sendable {
    /// Records `nonce` as used with the key `keyID`.
    /// - Returns: when it was first used (RFC 3339), if it was used before; nil on its first use.
    func recordNonce(_ nonce: String, keyID: String) throws -> String?
}
