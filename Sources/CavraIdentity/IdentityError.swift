import CavraModel

/// Why a runner's identity was not verified. `check` names the failed check so a reader knows what to fix
/// without seeing the token, which never appears in a message.
public struct IdentityError: GateFailure, Equatable {
    /// The check that failed, as the runner-identity contract names it (signature, algorithm, kid, issuer,
    /// audience, expired, not yet valid, issued in the future, claim NAME, JWKS unreachable, replay, key).
    public let check: String
    /// What was wrong, without the check's name.
    public let detail: String

    public var message: String { "runner identity not verified (\(check)): \(detail)" }

    public init(_ check: String, _ detail: String) {
        self.check = check
        self.detail = detail
    }
}
