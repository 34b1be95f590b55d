import ArgumentParser

extension CavraGate {
    struct AttestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attest",
            abstract: "Check or show an attestation that check --attest wrote, or sign a release's provenance.",
            subcommands: [AttestVerify.self, AttestShow.self, AttestProvenance.self])
    }
}
