import Foundation
import TestSupport
import Testing

/// Changes that real public histories make every day and that the baseline must let through, each next to the
/// spelling that stays judged, through `check --commit` on a real repository.
@Suite("Real-history look-alikes, end to end")
struct RealHistoryLookAlikeTests {
    static func judged(_ files: [String: String]) throws -> (status: Int32, rules: [String: Set<Int>], output: String) {
        try ShellSpellingTests.check(try ShellSpellingTests.commit(files))
    }

    @Test(
        "shell tracing in a Dockerfile RUN passes, however the file is named",
        arguments: [
            "Dockerfile", "docker/Dockerfile.prod", "build.DOCKERFILE", "images/api/Containerfile",
            "build/Dockerfile-dev",
            "prod.Dockerfile", "Containerfile.ci", "ci/api-containerfile", "Dockerfile.", "Dockerfile.h",
        ])
    func tracingInDockerfiles(path: String) throws {
        let result = try Self.judged([path: "FROM debian:12\nRUN set -eux; \\\n    apt-get update\n"])
        #expect(result.rules["commands.shell-tracing"] == nil, "\(path): \(result.output)")
        #expect(result.status == 0, "\(path): \(result.output)")
    }

    @Test(
        "shell tracing in a CI step or a script still needs approval",
        arguments: [
            ".github/workflows/build.yml":
                "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: set -eux\n",
            "scripts/release.sh": "#!/bin/sh\nset -o xtrace\nmake\n",
            "ci/dockerfile-lint.sh": "#!/bin/sh\nset -x\nhadolint Dockerfile\n",
            "tools/Dockerfile.bash": "set -x\nhadolint Dockerfile\n",
            ".github/workflows/dockerfile.yml":
                "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: set -x\n",
        ])
    func tracingElsewhere(path: String, contents: String) throws {
        let result = try Self.judged([path: contents])
        #expect(result.rules["commands.shell-tracing"] != nil, "\(path): \(result.output)")
    }

    @Test(
        "a workflow deleting the branch it made passes; deleting a protected branch is denied",
        arguments: [
            ("git push origin --delete \"ci/tmp-$GITHUB_RUN_ID\"", nil),
            ("git push origin :refs/heads/ci/tmp-1", nil),
            ("git push --delete origin main", "commands.git-push-protected"),
            ("git push origin :release/2.0", "commands.git-push-protected"),
            ("git push --force origin ci/tmp-1", "commands.git-force-push"),
        ] as [(String, String?)])
    func branchDeletion(command: String, rule: String?) throws {
        let workflow = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: \(command)\n"
        let result = try Self.judged([".github/workflows/cleanup.yml": workflow])
        let commandRules = Set(result.rules.keys).subtracting(["cicd.github"])
        #expect(commandRules == Set(rule.map { [$0] } ?? []), "\(command): \(result.output)")
    }

    @Test(
        "chmod that obeys the umask passes; world-writable modes are denied",
        arguments: [
            ("chmod +rwx bin/tool", false), ("chmod u+rwx,g+rx bin/tool", false), ("chmod 755 bin/tool", false),
            ("chmod o=rw shared", true), ("chmod ugo+w shared", true), ("chmod 0777 shared", true),
        ])
    func chmodModes(command: String, denied: Bool) throws {
        let result = try Self.judged(["scripts/setup.sh": "#!/bin/sh\n\(command)\n"])
        #expect((result.rules["commands.world-writable"] != nil) == denied, "\(command): \(result.output)")
    }

    @Test(
        "Terraform state under a test-data folder is reviewed, elsewhere it is denied",
        arguments: [
            ("internal/command/testdata/show/terraform.tfstate", "secrets.terraform-state-fixture", Int32(3)),
            ("test/fixtures/basic/state.tfstate.backup", "secrets.terraform-state-fixture", 3),
            ("infra/terraform.tfstate", "secrets.terraform-state", 1),
            ("Infra/Prod.TFSTATE", "secrets.terraform-state", 1),
        ])
    func terraformState(path: String, rule: String, status: Int32) throws {
        let result = try Self.judged([path: "{\"version\": 4, \"resources\": []}\n"])
        #expect(result.rules[rule] != nil, "\(path): \(result.output)")
        #expect(result.status == status, "\(path): \(result.output)")
    }
}
