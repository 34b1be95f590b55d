/// A JSON Web Token in compact form, split but not yet trusted: nothing in it may be believed until its
/// signature verifies with a key the verifier chose.
struct CompactJWT {
    let header: [String: JSONValue]
    let claims: [String: JSONValue]
    /// `header.payload` exactly as received: what the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    init(_ token: String) throws(IdentityError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw IdentityError(
                "token",
                "the token is not a signed JWT (three base64url parts separated by dots); pass the OIDC ID token itself"
            )
        }
        guard let headerBytes = Base64URL.decode(parts[0]), let header = JSONValue.object(headerBytes) else {
            throw IdentityError(
                "token", "the token's header is not base64url-encoded JSON; pass an unmodified ID token")
        }
        guard let claimBytes = Base64URL.decode(parts[1]), let claims = JSONValue.object(claimBytes) else {
            throw IdentityError(
                "token", "the token's claims are not base64url-encoded JSON; pass an unmodified ID token")
        }
        // An empty signature (`alg: none`) is decoded here and refused by the algorithm check, which names it.
        guard let signature = Base64URL.decode(parts[2]) else {
            throw IdentityError("signature", "the token's signature is not base64url; pass an unmodified ID token")
        }
        self.header = header
        self.claims = claims
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }
}
