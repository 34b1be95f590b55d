import ArgumentParser
import CavraEngine
import CavraModel
import Foundation

extension CavraGate {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluate",
            abstract: "Judge one action directly, for coding-agent tool hooks; same findings and exit codes as check.")

        @Option(name: .long, help: "A repository-relative path the agent wants to write (repeatable).")
        var path: [String] = []

        @Option(
            name: .long, help: "A command line the agent wants to run, judged as a shell would run it (repeatable).")
        var command: [String] = []

        @Option(name: .long, help: "The repository (any folder inside it); outside one, a bundled pack is used.")
        var repo: String = "."

        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if path.isEmpty && command.isEmpty {
                throw ValidationError(
                    "give at least one action to judge, e.g. --path config/.env or --command \"make deploy\"")
            }
            try output.validate()
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let actions: [ProposedAction] = path.map { .path($0) } + command.map { .command($0) }
            let result = Gate().judge(
                GateRequest(
                    repositoryPath: repo, subject: .actions(actions),
                    policy: policy.choice(trust: trust, environment: environment), environment: environment))
            try output.emit(result)
            throw ExitCode(result.exitCode)
        }
    }
}
