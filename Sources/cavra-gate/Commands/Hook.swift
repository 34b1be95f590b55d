import ArgumentParser
import CavraEngine
import CavraModel
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
        @OptionGroup var output: OutputOptions

        func validate() throws { try output.validate() }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let result = Gate().check(
                CheckRequest(
                    repositoryPath: repo, selection: .staged, policies: policy.policy,
                    policyDirectories: policy.directories(environment: environment), detectsCI: false))
            try finish(result, output: output, environment: environment)
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
        @OptionGroup var output: OutputOptions

        func validate() throws { try output.validate() }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else { throw HookError.unreadableInput }
            let request = PushRequest(
                repositoryPath: repo, remote: remote, url: url, updates: try PushedRef.parseAll(text),
                policies: policy.policy, policyDirectories: policy.directories(environment: environment))
            try finish(PushGate().check(request), output: output, environment: environment)
        }
    }

    struct FrameworkPush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-commit-framework-push",
            abstract: "The pre-push stage of the pre-commit framework (reads its PRE_COMMIT_* variables).")

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var output: OutputOptions

        func validate() throws { try output.validate() }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let request = try PreCommitFrameworkPush.request(
                environment: environment, repositoryPath: repo, policies: policy.policy,
                policyDirectories: policy.directories(environment: environment))
            try finish(PushGate().check(request), output: output, environment: environment)
        }
    }
}

/// Prints the result (and a refused skip) and leaves with the result's exit code.
private func finish(_ result: GateResult, output: OutputOptions, environment: [String: String]) throws -> Never {
    if let refusal = HookSkip.refusal(environment: environment, policy: result.policy) { Terminal.note(refusal) }
    try output.emit(result)
    throw ExitCode(result.exitCode)
}
