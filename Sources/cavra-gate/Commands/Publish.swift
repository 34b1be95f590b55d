import ArgumentParser
import CavraPublish
import Foundation

extension CavraGate {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Post a result as the cavra-gate check and one pull-request comment; exit 0 when posted.",
            discussion: """
                The token comes from the environment only: GITHUB_TOKEN, CAVRA_GITLAB_TOKEN or CI_JOB_TOKEN, \
                SYSTEM_ACCESSTOKEN. Exit 0 when posted, whatever the verdict; 2 when it could not be posted.
                """)

        @Option(help: "The result JSON (check --format json=FILE).")
        var result: String

        @Option(help: "The attestation for the comment: check --attest's envelope, or attest show's Markdown.")
        var attestation: String?

        @OptionGroup var target: PublishOptions

        func run() throws {
            guard let json = FileManager.default.contents(atPath: result) else {
                throw PublishError("The result \(result) cannot be read; check the path given to --result.")
            }
            let posted = try target.publish(
                resultJSON: json, source: result, attestation: attestation,
                environment: ProcessInfo.processInfo.environment)
            for line in posted { Terminal.note("published \(line)") }
        }
    }
}
