import ArgumentParser
import CavraAttest
import Foundation

extension CavraGate {
    struct AttestShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print what an attestation claims, as a pull-request comment; it verifies nothing.")

        @Argument(help: "The attestation (DSSE envelope) check --attest wrote.")
        var file: String

        @Option(help: "markdown or json (the statement).")
        var format: ShowFormat = .markdown

        func run() throws {
            let envelope = try Envelope(file: file)
            let text =
                switch format {
                case .markdown: try AttestationMarkdown().render(envelope, file: file)
                case .json: try Statement(payload: envelope.payloadBytes()).json()
                }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }
}
