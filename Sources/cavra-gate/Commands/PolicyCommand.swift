import ArgumentParser
import CavraClassify
import CavraModel
import CavraPolicy
import Foundation

extension CavraGate {
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "List, validate, compile, test, compare, sign and verify policy packs.",
            subcommands: [
                List.self, Validate.self, Compile.self, Test.self, Diff.self, Sign.self, Verify.self, Keygen.self,
            ])
    }
}

extension CavraGate.PolicyCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the packs that can be named by id.")
        @OptionGroup var policy: PolicyOptions

        func run() throws {
            let catalog = PolicyCatalog(
                searchDirectories: policy.directories(environment: ProcessInfo.processInfo.environment))
            let rows = try catalog.summaries()
            let idWidth = max(2, rows.map(\.id.count).max() ?? 0)
            print("ID".padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  RULES  PARENTS  TITLE")
            for row in rows {
                let parents = row.parents.isEmpty ? "-" : row.parents.joined(separator: ",")
                print(
                    row.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
                        + String(row.ruleCount).padding(toLength: 5, withPad: " ", startingAt: 0) + "  "
                        + parents + "  " + row.title)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate", abstract: "Check a pack strictly; errors are printed as file:line:column.")
        @Argument(help: "A bundled pack id or a path (default: .cavra/policy.yaml).")
        var pack: String = ".cavra/policy.yaml"
        @OptionGroup var policy: PolicyOptions

        func run() throws {
            let loaded = try loader(policy).load(pack)
            printWarnings(loaded)
            print("\(pack): valid (\(loaded.info.id), \(loaded.digest))")
        }
    }

    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compile", abstract: "Print a pack's canonical JSON on stdout and its digest on stderr.")
        @Argument(help: "A bundled pack id or a path (default: .cavra/policy.yaml).")
        var pack: String = ".cavra/policy.yaml"
        @OptionGroup var policy: PolicyOptions
        @Flag(
            help:
                "Instead of JSON, explain the closure: each pack's format, how CAVRA keys became rules, and the rules.")
        var explain = false

        func run() throws {
            let loaded = try loader(policy).load(pack)
            printWarnings(loaded)
            if explain {
                print(PolicyExplanation(loaded).text, terminator: "")
                return
            }
            FileHandle.standardOutput.write(Data((loaded.canonicalJSON + "\n").utf8))
            FileHandle.standardError.write(Data((loaded.digest + "\n").utf8))
        }
    }
}

extension CavraGate.PolicyCommand {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test", abstract: "Run the test cases (tests.yaml) beside packs; exit 1 if any fails.")
        @Argument(help: "A pack id, a pack file, or a folder of packs (default: every bundled pack).")
        var pack: String?
        @OptionGroup var policy: PolicyOptions

        func run() throws {
            let packs = try PolicyTestRunner(loader: loader(policy), parseCommand: CommandFact.parsing).run(pack)
            var passed = 0
            var failed = 0
            for pack in packs {
                for outcome in pack.outcomes {
                    if outcome.passed {
                        passed += 1
                        continue
                    }
                    failed += 1
                    let expected =
                        outcome.testCase.decision.rawValue + (outcome.testCase.ruleID.map { " by \($0)" } ?? "")
                    print(
                        "FAIL \(outcome.testCase.location): \(pack.packID): \(outcome.testCase.name): expected \(expected), got \(outcome.actual)"
                    )
                }
            }
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

/// CAVRA keys that have no effect are reported on every command that loads a pack, so none is silently ignored.
func printWarnings(_ policy: Policy) {
    for note in policy.notes where note.kind == .warning {
        Terminal.note(note.description)
    }
}

func loader(_ options: PolicyOptions) -> PolicyLoader {
    PolicyLoader(
        catalog: PolicyCatalog(searchDirectories: options.directories(environment: ProcessInfo.processInfo.environment))
    )
}
