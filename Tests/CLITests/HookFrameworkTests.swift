import Foundation
import TestSupport
import Testing

/// The pre-commit framework (from PyPI; scripts/install-deps installs it) running this repository's
/// `.pre-commit-hooks.yaml` with the built `cavra-gate` on PATH.
@Suite("pre-commit framework integration")
struct HookFrameworkTests {
    /// A repository holding this package's `.pre-commit-hooks.yaml`, as try-repo needs one to clone.
    static func hookRepository() throws -> ScratchRepository {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let repo = try ScratchRepository()
        try repo.writeData(
            ".pre-commit-hooks.yaml", try Data(contentsOf: package.appendingPathComponent(".pre-commit-hooks.yaml")))
        try repo.commitAll("hooks")
        return repo
    }

    static func environment(home: URL) throws -> [String: String] {
        let binary = try GateBinary.url.deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": "\(binary):\(path)", "PRE_COMMIT_HOME": home.path, "CAVRA_GATE_SKIP": ""]
    }

    @Test("pre-commit try-repo runs cavra-gate on a staged .env and fails; a harmless change passes")
    func tryRepoPreCommit() throws {
        let hooks = try Self.hookRepository()
        let project = try ScratchRepository()
        try project.write("README.md", "hello\n")
        try project.commitAll("initial")
        let env = try Self.environment(home: project.url.appendingPathComponent(".git/pre-commit-home"))

        try project.write("src/a.c", "int a;\n")
        try project.git(["add", "-A"])
        let pass = try Shell.run(
            ["pre-commit", "try-repo", hooks.path, "cavra-gate"], in: project.url, environment: env)
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")

        try project.write("deploy/.env", "TOKEN=1\n")
        try project.git(["add", "-A"])
        let fail = try Shell.run(
            ["pre-commit", "try-repo", hooks.path, "cavra-gate"], in: project.url, environment: env)
        #expect(fail.status != 0)
        #expect(fail.stdout.contains("deploy/.env"), "\(fail.stdout)\(fail.stderr)")
        #expect(fail.stdout.contains("secrets.dotenv"))
    }

    @Test("the cavra-gate-push hook judges the commits between PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF")
    func tryRepoPrePush() throws {
        let hooks = try Self.hookRepository()
        let fixture = try HookFixture()
        try fixture.work.git(["checkout", "-q", "-b", "feature"])
        let base = try fixture.work.head()
        try fixture.work.write("deploy/.env", "TOKEN=1\n")
        try fixture.commitAll("env", verify: false)
        try fixture.work.remove("deploy/.env")
        let head = try fixture.commitAll("remove env again")
        let env = try Self.environment(home: fixture.work.url.appendingPathComponent(".git/pre-commit-home"))
        let run = try Shell.run(
            [
                "pre-commit", "try-repo", hooks.path, "cavra-gate-push", "--hook-stage", "pre-push", "--from-ref", base,
                "--to-ref", head, "--remote-name", "origin", "--remote-url", fixture.remote.path, "--remote-branch",
                "refs/heads/feature", "--local-branch", "refs/heads/feature",
            ], in: fixture.work.url, environment: env)
        #expect(run.status != 0)
        #expect(run.stdout.contains("deploy/.env"), "\(run.stdout)\(run.stderr)")
    }
}
