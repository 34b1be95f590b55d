import ArgumentParser
import CavraEngine
import CavraLedger
import CavraModel
import CavraReport
import Foundation

extension CavraGate {
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Run as a git hook: judge the staged index (pre-commit) or every ref of a push (pre-push).",
            subcommands: [PreCommit.self, PrePush.self, FrameworkPush.self])
    }
}

extension CavraGate.Hook {
    struct PreCommit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-commit", abstract: "Judge the staged index against HEAD with the repository's policy.")

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var ledger: LedgerOptions

        func validate() throws { try output.validate() }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            try finish(
                .changes(.staged), repo: repo, policy: policy.choice(trust: trust, environment: environment),
                targets: output.targets(environment: environment), environment: environment, ledger: ledger.ledger)
        }

        /// `hook pre-commit` as an installed hook runs it, with no options, judged without swift-argument-parser:
        /// its parse looks up protocol conformances by scanning every one the binary holds, which costs about a
        /// quarter of judging a small commit. The options' defaults are spelled out here; a test checks that
        /// both ways print the same bytes and exit with the same code.
        static func runAsInstalled() throws -> Never {
            let environment = ProcessInfo.processInfo.environment
            let policy = PolicyChoice(directories: PolicyOptions.directories([], environment: environment))
            try finish(
                .changes(.staged), repo: ".", policy: policy, targets: OutputOptions.standardTargets,
                environment: environment, ledger: nil)
        }
    }

    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "Judge every ref update git writes on standard input; a non-zero exit blocks the whole push.")

        @Argument(help: "The remote's name, or its URL when pushing to a URL.")
        var remote: String
        @Argument(help: "The remote's URL.")
        var url: String?
        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var ledger: LedgerOptions

        func validate() throws { try output.validate() }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else { throw HookError.unreadableInput }
            let push = PushSubject(remote: remote, url: url, updates: try PushedRef.parseAll(text))
            try finish(
                .push(push), repo: repo, policy: policy.choice(trust: trust, environment: environment),
                targets: output.targets(environment: environment), environment: environment, ledger: ledger.ledger)
        }
    }

    struct FrameworkPush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-commit-framework-push",
            abstract: "The pre-push stage of the pre-commit framework (reads its PRE_COMMIT_* variables).")

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var trust: PolicyTrustOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var ledger: LedgerOptions

        func validate() throws { try output.validate() }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let push = try PreCommitFrameworkPush.request(environment: environment, repositoryPath: repo)
            try finish(
                .push(push), repo: repo, policy: policy.choice(trust: trust, environment: environment),
                targets: output.targets(environment: environment), environment: environment, ledger: ledger.ledger)
        }
    }
}

/// Judges the subject, prints the result (and a refused skip), records it in the ledger when one is configured, and
/// leaves with the result's exit code.
/// - Parameter ledger: `--ledger`; nil looks for `CAVRA_LEDGER`, then the repository's `cavra.ledger` setting.
private func finish(
    _ subject: Subject, repo: String, policy: PolicyChoice, targets: [ResultWriter.Target],
    environment: [String: String], ledger: String?
) throws -> Never {
    let result = Gate().judge(
        GateRequest(repositoryPath: repo, subject: subject, policy: policy, environment: environment))
    if let refusal = HookSkip.refusal(environment: environment, policy: result.policy) { Terminal.note(refusal) }
    // The ledger is looked up only once the verdict is printed, and opened only when one is configured, so a
    // commit waits for it only as long as one append takes.
    try ResultWriter.write(result, to: targets) {
        guard let path = ledger ?? LedgerLocation.configured(repositoryPath: repo, environment: environment) else {
            return
        }
        try SQLiteLedger(path: path, creating: true).record(result)
    }
}
