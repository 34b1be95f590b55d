import ArgumentParser
import CavraAttest
import CavraTrust

/// The key that signs a DSSE envelope: from a file or, for CI secrets, an environment variable; never argv.
struct SigningKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("sign-key"),
        help: "The private key (PEM, Ed25519 or ECDSA P-256) that signs the attestation (--attest or --evidence).")
    var keyFile: String?

    @Option(
        name: .customLong("sign-key-env"),
        help: "The environment variable holding the private key's PEM text, for CI secrets.")
    var keyVariable: String?

    @Flag(help: "Write the attestation unsigned (attest verify refuses it).")
    var unsigned = false

    func validate() throws {
        if keyFile != nil && keyVariable != nil {
            throw ValidationError("give the signing key once: --sign-key or --sign-key-env")
        }
        if unsigned && source != nil {
            throw ValidationError("--unsigned cannot be used with a signing key")
        }
    }

    var source: KeySource? { keyFile.map(KeySource.file) ?? keyVariable.map(KeySource.environment) }

    /// The signer, read before any work so a bad key fails first.
    /// - Parameter option: the flag that asked for a signed envelope, for the error when no key was given.
    func signer(for option: String, environment: [String: String]) throws -> AttestationSigner {
        guard let source else {
            guard unsigned else {
                throw AttestationError(
                    "\(option) needs a signing key; pass --sign-key with a private key file or --sign-key-env with a variable holding one, or --unsigned for an envelope nobody can verify"
                )
            }
            return try AttestationSigner(key: nil)
        }
        return try AttestationSigner(key: try SigningKey(source: source, environment: environment))
    }
}
