import Foundation
import TestSupport
import Testing

/// `evaluate --path` is how a coding agent's tool hook asks before it writes a file, and agents spell paths every
/// way a shell allows. Each spelling must be judged as the repository path the write really touches.
@Suite("evaluate --path: every spelling of a path is the path it writes")
struct EvaluatePathTests {
    struct Verdict {
        var status: Int32
        var findings: [(rule: String, path: String)]
        var output: String

        func has(rule: String, path: String) -> Bool { findings.contains { $0.rule == rule && $0.path == path } }
    }

    static func evaluate(_ arguments: [String], in directory: URL) throws -> Verdict {
        let run = try GateBinary.run(["evaluate"] + arguments + ["--format", "json"], in: directory)
        let object = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any]
        let findings = (object?["findings"] as? [[String: Any]] ?? []).map {
            (rule: $0["rule_id"] as? String ?? "", path: $0["path"] as? String ?? "")
        }
        return Verdict(status: run.status, findings: findings, output: run.stdout + run.stderr)
    }

    /// A repository with a workflow, the gate's policy and a folder to climb out of.
    static func repository() throws -> ScratchRepository {
        let repository = try ScratchRepository()
        try repository.write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
        try repository.write("src/main.c", "int main(void) { return 0; }\n")
        try repository.commitAll("base")
        return repository
    }

    @Test(
        "absolute, dotted and doubled spellings of protected paths are judged as those paths",
        arguments: [
            ("{root}/.github/workflows/x.yml", "cicd.github", ".github/workflows/x.yml", Int32(3)),
            ("./.cavra/policy.yaml", "gate.policy", ".cavra/policy.yaml", 3),
            ("config//.env", "secrets.dotenv", "config/.env", 1),
            ("x/../.env", "secrets.dotenv", ".env", 1),
            ("src/./../deploy/.env", "secrets.dotenv", "deploy/.env", 1),
            ("{root}/./src/../.github//workflows/./ci.yml", "cicd.github", ".github/workflows/ci.yml", 3),
            ("{root}//.cavra/../.cavra/policy.yaml", "gate.policy", ".cavra/policy.yaml", 3),
            ("{root}/.github/workflows/deploy.yml/", "cicd.github", ".github/workflows/deploy.yml", 3),
        ])
    func spellings(spelled: String, rule: String, path: String, status: Int32) throws {
        let repository = try Self.repository()
        let argument = spelled.replacingOccurrences(of: "{root}", with: repository.path)
        let verdict = try Self.evaluate(["--path", argument], in: repository.url)
        #expect(verdict.status == status, "\(verdict.output)")
        #expect(verdict.has(rule: rule, path: path), "\(verdict.output)")
    }

    @Test(
        "the git directory itself is denied, however it is reached",
        arguments: [
            ".git/config", "{root}/.git/hooks/pre-commit", ".git//hooks/../config", "src/../.git/HEAD", ".git",
            "vendor/lib/.git",
        ])
    func gitDirectory(spelled: String) throws {
        let repository = try Self.repository()
        let argument = spelled.replacingOccurrences(of: "{root}", with: repository.path)
        let verdict = try Self.evaluate(["--path", argument], in: repository.url)
        #expect(verdict.status == 1, "\(verdict.output)")
        #expect(verdict.findings.contains { $0.rule == "gate.git-directory" }, "\(verdict.output)")
    }

    @Test("a linked work tree's git directory, outside the work tree, is judged as .git")
    func linkedWorkTreeGitDirectory() throws {
        let repository = try Self.repository()
        let linked = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-linked-\(UUID())")
        try repository.git(["worktree", "add", "-q", linked.path])
        defer { try? FileManager.default.removeItem(at: linked) }
        let gitDirectory = try repository.git(["-C", linked.path, "rev-parse", "--absolute-git-dir"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for target in [gitDirectory + "/HEAD", repository.path + "/.git/hooks/post-checkout"] {
            let verdict = try Self.evaluate(["--path", target], in: linked)
            #expect(verdict.status == 1, "\(target): \(verdict.output)")
            #expect(verdict.findings.contains { $0.rule == "gate.git-directory" }, "\(target): \(verdict.output)")
        }
    }

    @Test("a write through a symlinked folder is judged where it lands, and at its spelling")
    func throughSymlinkedFolder() throws {
        let repository = try Self.repository()
        try FileManager.default.createSymbolicLink(
            atPath: repository.path + "/docs", withDestinationPath: ".github/workflows")
        let verdict = try Self.evaluate(["--path", "docs/deploy.yml"], in: repository.url)
        #expect(verdict.status == 3, "\(verdict.output)")
        #expect(verdict.has(rule: "cicd.github", path: ".github/workflows/deploy.yml"), "\(verdict.output)")

        // `..` after a link climbs from where the link leads, as the kernel resolves it.
        try FileManager.default.createDirectory(
            atPath: repository.path + "/config/deep", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: repository.path + "/shortcut", withDestinationPath: "config/deep")
        let climbed = try Self.evaluate(["--path", "shortcut/../.env"], in: repository.url)
        #expect(climbed.status == 1, "\(climbed.output)")
        #expect(climbed.has(rule: "secrets.dotenv", path: "config/.env"), "\(climbed.output)")
    }

    @Test("the repository spelled through a symbolic link is the same repository")
    func rootThroughLink() throws {
        let repository = try Self.repository()
        let alias = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-alias-\(UUID())")
        try FileManager.default.createSymbolicLink(atPath: alias.path, withDestinationPath: repository.path)
        defer { try? FileManager.default.removeItem(at: alias) }
        let verdict = try Self.evaluate(["--path", alias.path + "/deploy/.env"], in: repository.url)
        #expect(verdict.status == 1, "\(verdict.output)")
        #expect(verdict.has(rule: "secrets.dotenv", path: "deploy/.env"), "\(verdict.output)")
    }

    @Test(
        "a path outside the repository, or the repository itself, cannot be judged (exit 2)",
        arguments: ["../outside.txt", "/etc/passwd", "src/../../x", "{root}", ".", "{root}/../sibling/.env", "out/x"])
    func outside(spelled: String) throws {
        let repository = try Self.repository()
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-out-\(UUID())")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createSymbolicLink(
            atPath: repository.path + "/out", withDestinationPath: elsewhere.path)
        let argument = spelled.replacingOccurrences(of: "{root}", with: repository.path)
        let verdict = try Self.evaluate(["--path", argument], in: repository.url)
        #expect(verdict.status == 2, "\(verdict.output)")
        #expect(verdict.output.contains("--path"), "\(verdict.output)")
    }

    @Test("ordinary paths pass in every spelling, and values starting with a dash are given with =")
    func ordinaryAndDashed() throws {
        let repository = try Self.repository()
        for spelled in ["src/main.c", repository.path + "/src/main.c", "./src//lib/../main.c", "--path=-notes.txt"] {
            let arguments = spelled.hasPrefix("--") ? [spelled] : ["--path", spelled]
            let verdict = try Self.evaluate(arguments, in: repository.url)
            #expect(verdict.status == 0, "\(spelled): \(verdict.output)")
        }
        let dashed = try Self.evaluate(["--path=-x/../.env"], in: repository.url)
        #expect(dashed.status == 1, "\(dashed.output)")
        #expect(dashed.has(rule: "secrets.dotenv", path: ".env"), "\(dashed.output)")
        let command = try Self.evaluate(["--command=-rf"], in: repository.url)
        #expect(command.status == 0, "\(command.output)")
    }
}
