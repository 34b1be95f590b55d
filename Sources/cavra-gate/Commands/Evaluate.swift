import ArgumentParser
import CavraEngine
import CavraModel
import CavraReport
import Foundation

extension CavraGate {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluate",
            abstract: "Judge one action directly, for coding-agent tool hooks; same findings and exit codes as check.")

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A path the agent wants to write, absolute or relative to the repository root (repeatable).",
                discussion: "A value that starts with a dash is given as --path=-name."))
        var path: [String] = []

        @Option(
            name: .long, help: "A command line the agent wants to run, judged as a shell would run it (repeatable).")
        var command: [String] = []

        @Option(
            name: .long,
            help: "A refspec the agent wants to push, as git push takes it (main, HEAD:refs/heads/x, :old); repeatable."
        )
        var push: [String] = []

        @Option(name: .long, help: "With --push: the remote; by default the one git push would use.")
        var remote: String?

        @Option(name: .long, help: "The repository (any folder inside it); outside one, a bundled pack is used.")
        var repo: String = "."

        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if path.isEmpty && command.isEmpty && push.isEmpty {
                throw ValidationError(
                    "give at least one action to judge, e.g. --path config/.env, --command \"make deploy\" or --push main"
                )
            }
            if !push.isEmpty && !(path.isEmpty && command.isEmpty) {
                throw ValidationError("judge a push on its own: --push cannot be combined with --path or --command")
            }
            if remote != nil && push.isEmpty {
                throw ValidationError("--remote names where a push goes; it needs --push")
            }
            try output.validate()
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let subject: Subject =
                push.isEmpty
                ? .actions(path.map { .path($0) } + command.map { .command($0) })
                : .push(try ProposedPush.request(refspecs: push, remote: remote, repositoryPath: repo))
            try Self.finish(
                subject, repo: repo, policy: policy.choice(trust: trust, environment: environment),
                targets: output.targets(environment: environment), environment: environment)
        }

        /// One action with no other option (`evaluate --path P`, `--path=P`, `--command C`), as agent tool hooks
        /// call it on every action, judged without swift-argument-parser, whose parse scans every protocol
        /// conformance the binary holds. Anything else, a value that starts with a dash after a space included,
        /// goes to the parser; a test checks that both ways answer byte for byte.
        static func runSingleAction(_ arguments: [String]) throws {
            guard let action = singleAction(arguments) else { return }
            let environment = ProcessInfo.processInfo.environment
            try finish(
                .actions([action]), repo: ".",
                policy: PolicyChoice(directories: PolicyOptions.directories([], environment: environment)),
                targets: OutputOptions.standardTargets, environment: environment)
        }

        static func singleAction(_ arguments: [String]) -> ProposedAction? {
            guard arguments.first == "evaluate" else { return nil }
            let rest = arguments.dropFirst()
            func action(_ option: String, _ value: String) -> ProposedAction? {
                switch option {
                case "--path": .path(value)
                case "--command": .command(value)
                default: nil
                }
            }
            if rest.count == 2, let value = rest.last, !value.hasPrefix("-") {
                return action(rest.first!, value)
            }
            if rest.count == 1, let only = rest.first, let equals = only.firstIndex(of: "=") {
                return action(String(only[..<equals]), String(only[only.index(after: equals)...]))
            }
            return nil
        }

        private static func finish(
            _ subject: Subject, repo: String, policy: PolicyChoice, targets: [ResultWriter.Target],
            environment: [String: String]
        ) throws -> Never {
            let result = Gate().judge(
                GateRequest(repositoryPath: repo, subject: subject, policy: policy, environment: environment))
            try ResultWriter.write(result, to: targets)
        }
    }
}
