import ArgumentParser
import CavraEngine
import Foundation

extension CavraGate {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hooks",
            abstract: "Install or remove the pre-commit and pre-push hooks (honours core.hooksPath).",
            subcommands: [Install.self, Uninstall.self])
    }
}

extension CavraGate.Hooks {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install the hooks; a hook already there is kept as <hook>.cavra-chained and still runs first.")

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."

        func run() throws {
            let installer = try HookInstaller(repositoryPath: repo)
            report(try installer.install(), in: installer.hooksDirectory)
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove the hooks cavra-gate installed and restore the hooks they replaced.")

        @Option(name: .long, help: "The repository (any folder inside it).")
        var repo: String = "."

        func run() throws {
            let installer = try HookInstaller(repositoryPath: repo)
            report(try installer.uninstall(), in: installer.hooksDirectory)
        }
    }
}

private func report(_ outcomes: [(hook: HookScript, outcome: HookInstaller.Outcome)], in directory: String) {
    for (hook, outcome) in outcomes {
        print("\(directory)/\(hook.fileName): \(outcome.rawValue)")
    }
}
