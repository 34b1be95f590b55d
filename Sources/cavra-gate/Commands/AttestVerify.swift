import ArgumentParser
import CavraAttest
import CavraEngine
import CavraTrust
import Foundation

extension CavraGate {
    struct AttestVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check an attestation's signature, subject and policy; exit 2 naming the first that fails.")

        @Argument(help: "The attestation (DSSE envelope) check --attest wrote.")
        var file: String

        @Option(name: .customLong("trusted-key"), help: "A public key (PEM) trusted to sign attestations.")
        var trustedKeys: [String] = []

        @Option(help: "The repository the attested commit must belong to, and whose policy must have judged it.")
        var repo: String = "."

        @Option(name: .customLong("expect-head"), help: "The commit the attestation must be about.")
        var expectHead: String?

        @Option(name: .customLong("expect-policy-digest"), help: "The digest of the policy that must have judged it.")
        var expectPolicyDigest: String?

        @Flag(help: "Also judge the range again in --repo and compare the status and findings with the statement's.")
        var reproduce = false

        @Option(help: "text or json.")
        var format: VerificationFormat = .text

        func validate() throws {
            if trustedKeys.isEmpty {
                throw ValidationError("give at least one --trusted-key, the public key the attestation was signed with")
            }
        }

        func run() throws {
            let envelope = try Envelope(file: file)
            let keys = try trustedKeys.map { path throws(TrustError) in try TrustedKey(file: path) }
            // The repository answers what no --expect option does; with both given it is never opened.
            let repository =
                expectHead != nil && expectPolicyDigest != nil && !reproduce ? nil : try AttestedRepository(path: repo)
            let subject: AttestationVerifier.SubjectExpectation =
                expectHead.map { .head($0) } ?? .commitIn(repository: repo) { repository?.hasCommit($0) ?? false }
            let policy: AttestationVerifier.PolicyExpectation =
                expectPolicyDigest.map { .digest($0) }
                ?? .resolved(described: "the repository \(repo)") { range in
                    try repository?.policyDigest(judgingFrom: range.base, recordedID: range.policyID)
                }
            let rejudge: AttestationVerifier.Rejudge? =
                reproduce
                ? { range in
                    try repository?.rejudge(
                        base: range.base, head: range.head, mode: range.mode, recordedPolicyID: range.policyID)
                } : nil
            let verification = try AttestationVerifier(
                trustedKeys: keys, subject: subject, policy: policy, rejudge: rejudge
            )
            .verify(envelope)
            let text = format == .json ? try verification.json() : verification.text
            FileHandle.standardOutput.write(Data(text.utf8))
            if let failure = verification.failure { throw failure }
        }
    }

    enum VerificationFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }
}
