import CavraModel

/// Why a runner's identity was not verified. `check` names the failed check so a reader knows what to fix
/// without seeing the token, which never appears in a message.
public struct IdentityError: GateFailure, Equatable {
    /// The check that failed, as the runner-identity contract names it (signature, algorithm, kid, issuer,
    /// audience, expired, not yet valid, issued in the future, claim NAME, JWKS unreachable, replay, key).
    public let check: String
    public let message: String

    public init(_ check: String, _ message: String) {
        self.check = check
        self.message = message
    }
}
