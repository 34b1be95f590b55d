import ArgumentParser
import CavraAttest
import Foundation

extension CavraGate {
    struct AttestProvenance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "provenance",
            abstract: "Sign an in-toto SLSA provenance statement naming release files and the commit they came from.")

        @Argument(help: "The files the build produced; each is named in the statement by its file name.")
        var artifacts: [String]

        @Option(help: "The full object id of the source commit the build checked out.")
        var sourceCommit: String

        @Option(help: "Where the source came from, such as git+https://example.com/org/repo.")
        var sourceURI: String

        @Option(help: "Who built it: a URI naming the build system or job.")
        var builderID: String

        @OptionGroup var key: SigningKeyOptions

        @Option(name: .shortAndLong, help: "Write the envelope here instead of stdout.")
        var output: String?

        func run() throws {
            let signer = try key.signer(for: "attest provenance", environment: ProcessInfo.processInfo.environment)
            let statement = try ProvenanceStatement(
                artifacts: try artifacts.map(Self.artifact),
                source: .init(uri: sourceURI, commit: sourceCommit), builderID: builderID, finishedAt: Date())
            let text = try signer.envelope(for: statement).json()
            guard let output else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw AttestationError(
                    "cannot write the provenance statement to \(output): \(error.localizedDescription); check that the folder exists and is writable"
                )
            }
        }

        private static func artifact(_ path: String) throws -> ProvenanceStatement.Artifact {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AttestationError("cannot read the artifact \(path); check the path")
            }
            return .init(name: URL(fileURLWithPath: path).lastPathComponent, bytes: Array(data))
        }
    }
}
