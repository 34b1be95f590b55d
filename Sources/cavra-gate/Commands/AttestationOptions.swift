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

    @OptionGroup var key: SigningKeyOptions

    /// A key signs the attestation `--attest` writes, or the one an evidence bundle holds; without either
    /// there is nothing to sign.
    func validate(withEvidence evidence: Bool) throws {
        if file == nil && key.unsigned {
            throw ValidationError("--unsigned goes with --attest FILE")
        }
        if file == nil && !evidence && key.source != nil {
            throw ValidationError("--sign-key and --sign-key-env go with --attest FILE or --evidence DIR")
        }
    }

    /// The signer, read before judging so a bad key fails before any work; nil without `--attest`, and for an
    /// evidence bundle without a key (the bundle then holds no attestation).
    func signer(environment: [String: String]) throws -> AttestationSigner? {
        guard file != nil || key.source != nil else { return nil }
        return try key.signer(for: "--attest", environment: environment)
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
