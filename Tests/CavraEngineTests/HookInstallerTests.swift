import CavraEngine
import Foundation
import TestSupport
import Testing

@Suite("Installing hooks next to hooks that were already there")
struct HookInstallerTests {
    @Test("a symlinked hook is kept as a symlink and restored as one")
    func symlinkRestored() throws {
        let repo = try ScratchRepository()
        let hooks = repo.url.appendingPathComponent(".git/hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        let link = hooks.appendingPathComponent("pre-commit").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../../tools/lint-hook")
        let installer = try HookInstaller(repositoryPath: repo.path)

        let installed = try installer.install()
        #expect(installed.first { $0.hook == .preCommit }?.outcome == .installedChaining)
        #expect(installed.first { $0.hook == .prePush }?.outcome == .installed)
        #expect(try String(contentsOfFile: link, encoding: .utf8) == HookScript.preCommit.text)
        #expect(try installer.install().allSatisfy { $0.outcome == .alreadyInstalled })

        let removed = try installer.uninstall()
        #expect(removed.first { $0.hook == .preCommit }?.outcome == .restored)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../../tools/lint-hook")
        #expect(!FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-push").path))
    }

    @Test("a preserved hook already in the chained place stops the install instead of being overwritten")
    func chainedHookInTheWay() throws {
        let repo = try ScratchRepository()
        let hooks = repo.url.appendingPathComponent(".git/hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: hooks.appendingPathComponent("pre-push"))
        try Data("#!/bin/sh\nexit 1\n".utf8).write(to: hooks.appendingPathComponent("pre-push.cavra-chained"))
        let installer = try HookInstaller(repositoryPath: repo.path)
        #expect(throws: HookError.self) { try installer.install() }
        #expect(
            try String(contentsOf: hooks.appendingPathComponent("pre-push.cavra-chained"), encoding: .utf8)
                == "#!/bin/sh\nexit 1\n")
    }

    @Test("uninstall leaves hooks cavra-gate did not write alone")
    func foreignHookLeftAlone() throws {
        let repo = try ScratchRepository()
        let hooks = repo.url.appendingPathComponent(".git/hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: hooks.appendingPathComponent("pre-commit"))
        let outcomes = try HookInstaller(repositoryPath: repo.path).uninstall()
        #expect(outcomes.allSatisfy { $0.outcome == .notInstalled })
        #expect(FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-commit").path))
    }
}
