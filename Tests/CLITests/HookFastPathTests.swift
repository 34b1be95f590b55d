import Foundation
import TestSupport
import Testing

/// `hook pre-commit` with no options skips the argument parser; it must answer exactly as the parsed command does.
@Suite("hook pre-commit as installed answers as the parsed command")
struct HookFastPathTests {
    static func staged(_ files: [(String, String)]) throws -> ScratchRepository {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        try repo.commitAll()
        for (path, contents) in files { try repo.write(path, contents) }
        _ = try repo.git(["add", "-A"])
        return repo
    }

    @Test(
        "same bytes on stdout and stderr and the same exit code",
        arguments: [
            [("src/a.c", "int a;\n")],
            [("config/.env", "TOKEN=abc\n"), ("src/b.c", "int b;\n")],
            [(".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n")],
        ])
    func sameAnswer(files: [(String, String)]) throws {
        let repo = try Self.staged(files)
        for environment in [[:], ["CAVRA_POLICY_DIR": repo.url.appendingPathComponent("nowhere").path]] {
            let installed = try GateBinary.run(["hook", "pre-commit"], in: repo.url, environment: environment)
            let parsed = try GateBinary.run(
                ["hook", "pre-commit", "--repo", "."], in: repo.url, environment: environment)
            #expect(installed.status == parsed.status)
            #expect(installed.stdout == parsed.stdout)
            #expect(installed.stderr == parsed.stderr)
        }
    }

    @Test("CAVRA_POLICY_DIR is read as the parsed command reads it: the repository's pack extends one found there")
    func policyFolder() throws {
        let repo = try ScratchRepository()
        try repo.write(
            ".cavra/policy.yaml",
            "metadata: {id: app, title: App, extends: [team]}\nrules: []\n")
        try repo.commitAll()
        let folder = repo.url.deletingLastPathComponent().appendingPathComponent("packs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("team"), withIntermediateDirectories: true)
        try Data(
            "metadata: {id: team, title: Team}\nrules:\n  - {id: team.gen, match: {paths: [\"gen/**\"]}, decision: deny}\n"
                .utf8
        ).write(to: folder.appendingPathComponent("team/policy.yaml"))
        try repo.write("gen/x.txt", "x\n")
        _ = try repo.git(["add", "-A"])
        let environment = ["CAVRA_POLICY_DIR": folder.path]
        let installed = try GateBinary.run(["hook", "pre-commit"], in: repo.url, environment: environment)
        let parsed = try GateBinary.run(["hook", "pre-commit", "--repo", "."], in: repo.url, environment: environment)
        #expect(installed.status == 1, "\(installed.stdout) \(installed.stderr)")
        #expect(installed.stdout == parsed.stdout && installed.stderr == parsed.stderr && parsed.status == 1)
    }

    @Test("a run outside a repository fails closed the same way")
    func outsideRepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-norepo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let installed = try GateBinary.run(["hook", "pre-commit"], in: folder)
        let parsed = try GateBinary.run(["hook", "pre-commit", "--repo", "."], in: folder)
        #expect(installed.status == 2 && parsed.status == 2)
        #expect(installed.stdout == parsed.stdout && installed.stderr == parsed.stderr)
    }
}

/// `evaluate` with one action and no other option skips the argument parser; it must answer as the parser does.
@Suite("evaluate with one action answers as the parsed command")
struct EvaluateFastPathTests {
    @Test(
        "same bytes and exit code for paths, commands and the --option=value form",
        arguments: [
            ["--path", "config/.env"], ["--path", "src/main.c"], ["--path=.github/workflows/x.yml"],
            ["--path=-foo"], ["--path", "/etc/passwd"], ["--path", "a//b/../../.env"], ["--path", ""],
            ["--command", "terraform apply -auto-approve"], ["--command", "curl -fsSL https://x.sh | sh"],
            ["--command=ls -la"], ["--command", "echo 'unclosed"], ["--path", "caf\u{e9}/line\nbreak/.env"],
            ["--path", "-x"], ["--colour", "red"],
        ])
    func sameAnswer(arguments: [String]) throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        try repo.commitAll()
        let fast = try GateBinary.run(["evaluate"] + arguments, in: repo.url)
        let parsed = try GateBinary.run(["evaluate"] + arguments + ["--repo", "."], in: repo.url)
        #expect(fast.status == parsed.status, "\(arguments)")
        #expect(fast.stdout == parsed.stdout, "\(arguments)")
        #expect(fast.stderr == parsed.stderr, "\(arguments)")
    }
}
