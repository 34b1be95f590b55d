import ArgumentParser
import CavraAttest
import CavraEngine
import CavraModel
import CavraTrust
import Foundation

/// `check --attest`: a signed statement of the run's result, for reviewers to check later with `attest verify`.
struct AttestationOptions: ParsableArguments {
    @Option(name: .customLong("attest"), help: "Write a signed attestation of the result (a DSSE envelope) here.")
    var file: String?

    @Option(name: .customLong("sign-key"), help: "The private key (PEM, Ed25519 or ECDSA P-256) to sign it with.")
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
        if file == nil && (keyFile != nil || keyVariable != nil || unsigned) {
            throw ValidationError("--sign-key, --sign-key-env and --unsigned go with --attest FILE")
        }
        if unsigned && (keyFile != nil || keyVariable != nil) {
            throw ValidationError("--unsigned cannot be used with a signing key")
        }
    }

    /// The signer, read before judging so a bad key fails before any work; nil without `--attest`.
    func signer(environment: [String: String]) throws -> AttestationSigner? {
        guard file != nil else { return nil }
        let source = keyFile.map(KeySource.file) ?? keyVariable.map(KeySource.environment)
        guard let source else {
            guard unsigned else {
                throw AttestationError(
                    "--attest needs a signing key; pass --sign-key with a private key file or --sign-key-env with a variable holding one, or --unsigned for an envelope nobody can verify"
                )
            }
            return try AttestationSigner(key: nil)
        }
        return try AttestationSigner(key: try SigningKey(source: source, environment: environment))
    }

    /// Writes the attestation of `result`.
    func write(_ result: GateResult, signer: AttestationSigner) throws {
        guard let file else { return }
        let repository = try AttestedRepository(path: result.repository ?? ".")
        let statement = try Statement(
            result: result,
            subjectName: SubjectName.of(remoteURL: repository.originURL, repositoryPath: repository.rootPath),
            evaluatedAt: Date())
        let text = try signer.envelope(for: statement).json()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            throw AttestationError(
                "cannot write the attestation to \(file): \(error.localizedDescription); check that the folder exists and is writable"
            )
        }
    }
}
