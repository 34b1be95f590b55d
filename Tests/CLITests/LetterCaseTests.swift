import Foundation
import TestSupport
import Testing

/// Case-insensitive checkouts (macOS, Windows) read `.ENV` as `.env` and `.VSCode` as `.vscode`: the baseline's
/// secret, editor and hook rules must catch every spelling, and leave look-alikes alone.
@Suite("letter case of secret, editor and hook paths, end to end")
struct LetterCaseTests {
    @Test(
        "every letter case of a secret, editor task or hook is judged like the lower-case name",
        arguments: [
            (".ENV", "secrets.dotenv", Int32(1)),
            ("deploy/.Env", "secrets.dotenv", 1),
            ("config/.ENV.PRODUCTION", "secrets.dotenv", 1),
            ("server.PEM", "secrets.private-keys", 1),
            ("tls/Server.Pem", "secrets.private-keys", 1),
            ("certs/API.KEY", "secrets.private-keys", 1),
            (".ssh/ID_RSA", "secrets.private-keys", 1),
            ("home/.SSH/Id_Ed25519", "secrets.private-keys", 1),
            ("backup/ID_ECDSA", "secrets.private-keys", 1),
            (".AWS/CREDENTIALS", "secrets.cloud-credentials", 1),
            (".VSCode/tasks.json", "supply-chain.workspace-commands", 3),
            (".VSCODE/TASKS.JSON", "supply-chain.workspace-commands", 3),
            (".vsCode/launch.json", "supply-chain.workspace-commands", 3),
            (".Husky/pre-commit", "gate.git-hooks", 3),
            (".HUSKY/pre-push", "gate.git-hooks", 3),
            (".GitHooks/pre-commit", "gate.git-hooks", 3),
        ])
    func caught(path: String, rule: String, exit: Int32) throws {
        let (repo, base) = try Self.repository(adding: path)
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == exit, "\(path): \(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(rule) && run.stdout.contains(path), "\(run.stdout)")
    }

    @Test(
        "look-alikes in any case stay allowed",
        arguments: [
            ".ENV.EXAMPLE", "config/.Env.Sample", ".ssh/ID_RSA.PUB", ".VSCode/extensions.json", "src/Environment.swift",
            "docs/KEY-CONCEPTS.md", "HuskyNotes.txt",
        ])
    func allowed(path: String) throws {
        let (repo, base) = try Self.repository(adding: path)
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == 0, "\(path): \(run.stdout)\(run.stderr)")
    }

    static func repository(adding path: String) throws -> (ScratchRepository, base: String) {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write(path, "{}\n")
        try repo.commitAll("add")
        return (repo, base)
    }
}
