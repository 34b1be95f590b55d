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
        if unsigned && (keyFile != nil || keyVariable != nil) {
            throw ValidationError("--unsigned cannot be used with a signing key")
        }
    }

    /// A key signs the attestation `--attest` writes, or the one an evidence bundle holds; without either
    /// there is nothing to sign.
    func validate(withEvidence evidence: Bool) throws {
        if file == nil && unsigned {
            throw ValidationError("--unsigned goes with --attest FILE")
        }
        if file == nil && !evidence && (keyFile != nil || keyVariable != nil) {
            throw ValidationError("--sign-key and --sign-key-env go with --attest FILE or --evidence DIR")
        }
    }

    /// The signer, read before judging so a bad key fails before any work; nil without `--attest`, and for an
    /// evidence bundle without a key (the bundle then holds no attestation).
    func signer(environment: [String: String]) throws -> AttestationSigner? {
        let source = keyFile.map(KeySource.file) ?? keyVariable.map(KeySource.environment)
        guard file != nil || source != nil else { return nil }
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

    /// Writes the attestation of `result` to `file`.
    static func write(_ result: GateResult, signer: AttestationSigner, to file: String) throws {
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
