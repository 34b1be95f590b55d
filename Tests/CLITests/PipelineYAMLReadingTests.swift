import Foundation
import TestSupport
import Testing

/// CI definitions are read as the platforms read their YAML: what GitLab, GitHub or Azure accept is never a
/// parse finding, and what they run is judged.
@Suite("pipeline YAML as the platforms read it")
struct PipelineYAMLReadingTests {
    static let apply = "terraform apply -auto-approve"

    static func added(_ path: String, _ text: String) throws -> GateRun.Outcome {
        try GateRun.check(base: [:]) { try $0.write(path, text) }
    }

    @Test(
        "GitLab files that GitLab accepts are read, and their commands judged",
        arguments: [
            // Repeated merge keys, each bringing a template.
            ".a: &a\n  image: alpine\n.b: &b\n  tags: [docker]\ndeploy:\n  <<: *a\n  <<: *b\n  script:\n    - \(apply)\n",
            // A repeated key: GitLab takes the last, the gate reads both.
            "deploy:\n  script:\n    - echo hi\n  script:\n    - \(apply)\n",
            "deploy:\n  script:\n    - \(apply)\n  script:\n    - echo hi\n",
            // The `spec:` inputs header is a document of its own.
            "spec:\n  inputs:\n    stage:\n      default: deploy\n---\ndeploy:\n  stage: $[[ inputs.stage ]]\n  script:\n    - \(apply)\n",
            // Merge keys in a list.
            ".a: &a {image: alpine}\n.b: &b {tags: [x]}\ndeploy:\n  <<: [*a, *b]\n  script: [\"\(apply)\"]\n",
        ])
    func gitlabAccepted(text: String) throws {
        let run = try Self.added(".gitlab-ci.yml", text)
        #expect(!run.has(rule: "cavra.parse-error"), "\(run.output)")
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: ".gitlab-ci.yml"), "\(run.output)")
    }

    @Test(
        "an empty pipeline file, or one of comments only, is no parse finding", arguments: ["", "# later\n", "---\n"])
    func emptyFiles(text: String) throws {
        for path in [".gitlab-ci.yml", ".github/workflows/empty.yml", "azure-pipelines.yml"] {
            let run = try Self.added(path, text)
            #expect(!run.has(rule: "cavra.parse-error"), "\(path): \(run.output)")
        }
    }

    @Test(
        "a quoted or folded script's commands are judged when any line of the scalar changes",
        arguments: [
            "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: \"echo hi\\n\(apply)\"\n",
            "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: 'echo hi;\n          \(apply)'\n",
            "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: echo hi &&\n          \(apply)\n",
        ])
    func flowScalars(text: String) throws {
        let run = try Self.added(".github/workflows/d.yml", text)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve", path: ".github/workflows/d.yml"), "\(run.output)")
    }

    @Test("changing only the second line of a multi-line quoted script is judged")
    func secondLineOfQuotedScript() throws {
        let before =
            "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: \"echo hi;\n          echo plan\"\n"
        let after = before.replacingOccurrences(of: "echo plan", with: Self.apply)
        let run = try GateRun.check(base: [".github/workflows/d.yml": before]) {
            try $0.write(".github/workflows/d.yml", after)
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve"), "\(run.output)")
    }

    @Test("nested aliases are read once each, not once per path to them")
    func aliasBomb() throws {
        var text = "a0: &a0 [\"echo hi\"]\n"
        for level in 1...24 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        text += "deploy:\n  script: [*a24, \"\(Self.apply)\"]\n"
        let run = try Self.added(".gitlab-ci.yml", text)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "commands.terraform-auto-approve"), "\(run.output)")
    }

    @Test("YAML no platform accepts is still a parse finding")
    func invalid() throws {
        let run = try Self.added(".gitlab-ci.yml", "deploy:\n  script: [unclosed\n")
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "cavra.parse-error", path: ".gitlab-ci.yml"), "\(run.output)")
        let alias = try Self.added(".gitlab-ci.yml", "deploy:\n  script: *nowhere\n")
        #expect(alias.has(rule: "cavra.parse-error", path: ".gitlab-ci.yml"), "\(alias.output)")
    }
}
