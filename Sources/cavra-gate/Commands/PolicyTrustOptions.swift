import ArgumentParser
import CavraEngine

/// How far the policy must be trusted; every judging command takes the same options, so requiring signed policy
/// in CI can be required where agents act too (hooks, evaluate).
struct PolicyTrustOptions: ParsableArguments {
    @Flag(
        name: .customLong("require-signed-policy"),
        help: "Refuse (exit 2) unless every pack file of the policy is signed by a --trusted-key.")
    var requireSignedPolicy = false

    @Option(
        name: .customLong("trusted-key"), help: "A public key (PEM) or HMAC secret file trusted to sign policy.")
    var trustedKeys: [String] = []

    func validate() throws {
        if requireSignedPolicy && trustedKeys.isEmpty {
            throw ValidationError("--require-signed-policy needs at least one --trusted-key")
        }
    }
}

extension PolicyOptions {
    /// The policy choice of a judging command.
    func choice(trust: PolicyTrustOptions, environment: [String: String]) -> PolicyChoice {
        PolicyChoice(
            references: policy, directories: directories(environment: environment),
            trustedKeyFiles: trust.requireSignedPolicy ? trust.trustedKeys : nil)
    }
}
