import Foundation
import TestSupport
import Testing

@Suite("hooks install and uninstall, and the pre-commit hook, end to end")
struct HookInstallTests {
    static let failingHook =
        "#!/bin/sh\ncat > \"$(dirname \"$0\")/../seen-by-old-hook\"\necho old hook says no >&2\nexit 1\n"

    @Test(
        "a pre-existing failing pre-push hook still blocks after install, sees git's stdin, and comes back byte for byte"
    )
    func chainedHookBlocksAndIsRestored() throws {
        let fixture = try HookFixture()
        _ = try GateBinary.run(["hooks", "uninstall"], in: fixture.work.url)
        let hookPath = fixture.work.url.appendingPathComponent(".git/hooks/pre-push").path
        try Data(Self.failingHook.utf8).write(to: URL(fileURLWithPath: hookPath))
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: hookPath)

        let first = try GateBinary.run(["hooks", "install"], in: fixture.work.url)
        #expect(first.status == 0, "\(first.stderr)")
        let installed = try Data(contentsOf: URL(fileURLWithPath: hookPath))
        let second = try GateBinary.run(["hooks", "install"], in: fixture.work.url)
        #expect(second.stdout.contains("already installed"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: hookPath)) == installed)

        try fixture.work.git(["checkout", "-q", "-b", "feature"])
        try fixture.work.write("ok.txt", "fine\n")
        let commit = try fixture.commitAll("fine")
        let push = try fixture.git(["push", "origin", "feature"])
        #expect(push.status != 0)
        #expect(push.stderr.contains("old hook says no"))
        let seen = try String(
            contentsOf: fixture.work.url.appendingPathComponent(".git/seen-by-old-hook"), encoding: .utf8)
        #expect(seen.contains("refs/heads/feature \(commit) refs/heads/feature"))
        #expect(throws: (any Error).self) { try fixture.remote.revParse("refs/heads/feature") }

        let uninstall = try GateBinary.run(["hooks", "uninstall"], in: fixture.work.url)
        #expect(uninstall.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: hookPath)) == Data(Self.failingHook.utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: hookPath)[.posixPermissions] as? Int
        #expect(mode == 0o750)
        #expect(!FileManager.default.fileExists(atPath: hookPath + ".cavra-chained"))
    }

    @Test("install honours core.hooksPath")
    func hooksPath() throws {
        let repo = try ScratchRepository()
        try repo.git(["config", "core.hooksPath", "githooks"])
        let install = try GateBinary.run(["hooks", "install", "--repo", repo.path], in: repo.url)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: repo.url.appendingPathComponent("githooks/pre-push").path))
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent(".git/hooks/pre-push").path))
    }

    @Test("git commit of a staged .env is refused by the pre-commit hook; a harmless commit goes through")
    func preCommitRefuses() throws {
        let fixture = try HookFixture()
        let head = try fixture.work.head()
        try fixture.work.write("deploy/.env", "TOKEN=1\n")
        try fixture.work.git(["add", "-A"])
        let refused = try fixture.git(["commit", "-q", "-m", "env"])
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("deploy/.env"), "\(refused.stdout)\(refused.stderr)")
        #expect(try fixture.work.head() == head)

        try fixture.work.git(["rm", "-q", "--cached", "deploy/.env"])
        try fixture.work.write("src/a.c", "int a;\n")
        try fixture.work.git(["add", "src/a.c"])
        let allowed = try fixture.git(["commit", "-q", "-m", "a"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
    }

    @Test(
        "git commit -a and git commit <path> are judged on the index git is about to commit (GIT_INDEX_FILE)",
        arguments: [["-a"], ["--", "deploy/.env"], ["-i", "deploy/.env"]])
    func preCommitJudgesTheIndexBeingCommitted(commitArguments: [String]) throws {
        let fixture = try HookFixture()
        try fixture.work.write("deploy/.env", "TOKEN=placeholder\n")
        try fixture.commitAll("planted", verify: false)
        let head = try fixture.work.head()
        // Edited in the work tree only: the repository's own index still matches HEAD.
        try fixture.work.write("deploy/.env", "TOKEN=real-secret\n")

        let refused = try fixture.git(["commit", "-q", "-m", "rotate"] + commitArguments)
        #expect(refused.status != 0, "\(refused.stdout)\(refused.stderr)")
        #expect((refused.stdout + refused.stderr).contains("deploy/.env"), "\(refused.stdout)\(refused.stderr)")
        #expect(try fixture.work.head() == head)
    }

    @Test("CAVRA_GATE_SKIP=1 is refused with a sentence saying why, and the gate still judges")
    func skipRefused() throws {
        let fixture = try HookFixture()
        try fixture.work.write("deploy/.env", "TOKEN=1\n")
        try fixture.work.git(["add", "-A"])
        let run = try GateBinary.run(
            ["hook", "pre-commit"], in: fixture.work.url, environment: ["CAVRA_GATE_SKIP": "1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("CAVRA_GATE_SKIP=1 was refused"), "\(run.stderr)")
    }

    @Test(
        "without the binary the hook scripts fail with exit 2 and say how to install it",
        arguments: ["pre-commit", "pre-push"])
    func missingBinary(hook: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("hooks/\(hook)")
        let repo = try ScratchRepository()
        let run = try Shell.run(
            [script.path, "origin", "url"], in: repo.url, input: "",
            environment: ["PATH": "/usr/bin:/bin", "CAVRA_GATE_BIN": ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("install it"), "\(run.stderr)")
    }

    @Test("the source tree's hook scripts hand arguments and stdin to cavra-gate untouched")
    func scriptsForward() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("hooks/pre-push")
        let repo = try ScratchRepository()
        let run = try Shell.run(
            [script.path, "origin", "url"], in: repo.url, input: "garbage line\n",
            environment: ["CAVRA_GATE_BIN": try GateBinary.url.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("'garbage line'"), "\(run.stderr)")
    }
}
