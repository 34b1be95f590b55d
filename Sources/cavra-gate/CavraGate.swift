import ArgumentParser
import CavraModel
import CavraReport
import Foundation

@main
struct CavraGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Every command names itself: deriving names from types costs a protocol-conformance scan at each start.
        commandName: "cavra-gate",
        abstract: "Decide from policy whether a git change may pass, needs approval, or is denied.",
        discussion: """
            Exit codes: 0 pass, 1 denied by policy, 2 could not decide (the gate fails closed), \
            3 approval required.
            """,
        version: "0.1.0",
        subcommands: [
            Check.self, PolicyCommand.self, Evaluate.self, Hook.self, Hooks.self, RunnerCommand.self,
            AttestCommand.self, Approve.self, Publish.self, LedgerCommand.self,
        ]
    )

    /// Every way out goes through the exit codes of docs/architecture.md ("Exit codes"): a gate that was called wrongly did not decide (2).
    static func main() {
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments == ["hook", "pre-commit"] { try Hook.PreCommit.runAsInstalled() }
            try Evaluate.runSingleAction(arguments)
            var command = try parseAsRoot()
            try command.run()
        } catch let exitCode as ExitCode {
            Foundation.exit(exitCode.rawValue)
        } catch let failure as any GateFailure {
            Terminal.error(failure.description)
            Foundation.exit(ExitStatus.undecided)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Terminal.error(fullMessage(for: error))
            Foundation.exit(ExitStatus.undecided)
        }
    }
}

enum ExitStatus {
    static let undecided: Int32 = 2
}

/// Standard error is the CI log too: messages quote paths and commands, so they are redacted and each line is made
/// one a runner never reads as a command (usage messages keep their lines).
enum Terminal {
    static func error(_ message: String) {
        write("cavra-gate: error: \(message)")
    }

    static func note(_ message: String) {
        write("cavra-gate: \(message)")
    }

    private static func write(_ message: String) {
        let lines = Redactor().redact(message).split(separator: "\n", omittingEmptySubsequences: false)
        let safe = lines.map { DisplayText.line(String($0)) }.joined(separator: "\n")
        FileHandle.standardError.write(Data((safe + "\n").utf8))
    }
}
