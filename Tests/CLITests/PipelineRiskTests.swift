import Foundation
import TestSupport
import Testing

/// Workflow-level settings that are risks whatever the pipeline runs are denied by the baseline, each on the
/// line that sets it, and ordinary spellings of the same keys are not.
@Suite("pipeline risks")
struct PipelineRiskTests {
    static func added(_ path: String, _ text: String) throws -> GateRun.Outcome {
        try GateRun.check(base: [:]) { try $0.write(path, text) }
    }

    static func workflow(on trigger: String, steps: String) -> String {
        "on: \(trigger)\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n" + steps
    }

    static let pinned = "actions/checkout@0ad4b8fadaa221de15dcec353f45205ec38ea70b"

    @Test(
        "pull_request_target with a checkout of the pull request's head is denied",
        arguments: [
            "      - uses: \(pinned)\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
            "      - uses: actions/checkout@v4\n        with:\n          ref: ${{github.event.pull_request.head.ref}}\n",
            "      - uses: \(pinned)\n        with:\n          ref: refs/pull/${{ github.event.number }}/merge\n",
            "      - uses: \(pinned)\n        with:\n          ref: ${{ github.head_ref }}\n",
        ])
    func pullRequestTarget(steps: String) throws {
        for trigger in [
            "pull_request_target", "[push, pull_request_target]", "\n  pull_request_target:\n    types: [opened]",
        ] {
            let run = try Self.added(".github/workflows/pr.yml", Self.workflow(on: trigger, steps: steps))
            #expect(run.status == 1, "\(run.output)")
            #expect(
                run.has(rule: "pipelines.pull-request-target-checkout", path: ".github/workflows/pr.yml"),
                "\(run.output)")
        }
    }

    @Test("pull_request_target checking out the base, or pull_request checking out the head, is not that risk")
    func pullRequestTargetSafe() throws {
        let base = Self.workflow(on: "pull_request_target", steps: "      - uses: \(Self.pinned)\n")
        let head = Self.workflow(
            on: "pull_request",
            steps:
                "      - uses: \(Self.pinned)\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        )
        for text in [base, head] {
            let run = try Self.added(".github/workflows/pr.yml", text)
            #expect(!run.has(rule: "pipelines.pull-request-target-checkout"), "\(run.output)")
            #expect(run.status == 3, "\(run.output)")
        }
    }

    @Test(
        "permissions write-all is denied at workflow or job level",
        arguments: [
            ("on: push\npermissions: write-all\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: make\n", 2),
            ("on: push\njobs:\n  b:\n    runs-on: x\n    permissions: write-all\n    steps:\n      - run: make\n", 5),
            ("on: push\njobs:\n  b:\n    permissions: 'write-all'\n    uses: ./.github/workflows/r.yml\n", 4),
        ])
    func writeAll(text: String, line: Int) throws {
        let run = try Self.added(".github/workflows/w.yml", text)
        #expect(run.status == 1, "\(run.output)")
        #expect(
            run.has(rule: "pipelines.write-all-permissions", path: ".github/workflows/w.yml", line: line),
            "\(run.output)")
    }

    @Test(
        "secrets inherit to a workflow not pinned to a commit is denied",
        arguments: [
            "acme/ci/.github/workflows/deploy.yml@main", "acme/ci/.github/workflows/deploy.yml@v1.2.3",
            "acme/ci/.github/workflows/deploy.yml@0ad4b8f",
        ])
    func inheritedSecrets(uses: String) throws {
        let text = "on: push\njobs:\n  deploy:\n    uses: \(uses)\n    secrets: inherit\n"
        let run = try Self.added(".github/workflows/d.yml", text)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "pipelines.inherited-secrets-unpinned", line: 5), "\(run.output)")
    }

    @Test(
        "secrets inherit to a pinned or local workflow is not that risk",
        arguments: [
            "acme/ci/.github/workflows/deploy.yml@0ad4b8fadaa221de15dcec353f45205ec38ea70b",
            "./.github/workflows/deploy.yml",
        ])
    func inheritedSecretsPinned(uses: String) throws {
        let text = "on: push\njobs:\n  deploy:\n    uses: \(uses)\n    secrets: inherit\n"
        let run = try Self.added(".github/workflows/d.yml", text)
        #expect(!run.has(rule: "pipelines.inherited-secrets-unpinned"), "\(run.output)")
        #expect(run.status == 3, "\(run.output)")
    }

    @Test(
        "a docker action not pinned by digest is denied, in a workflow or a composite action",
        arguments: ["docker://alpine:3.20", "docker://ghcr.io/acme/tool", "docker://alpine@latest"])
    func dockerActions(image: String) throws {
        let run = try Self.added(
            ".github/workflows/d.yml", Self.workflow(on: "push", steps: "      - uses: \(image)\n"))
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "pipelines.docker-action-unpinned", line: 6), "\(run.output)")
        let action = "runs:\n  using: composite\n  steps:\n    - uses: \(image)\n"
        let composite = try Self.added("tools/x/action.yml", action)
        #expect(composite.has(rule: "pipelines.docker-action-unpinned", line: 4), "\(composite.output)")
    }

    @Test("a docker action pinned by digest is not that risk")
    func dockerPinned() throws {
        let image = "docker://alpine@sha256:" + String(repeating: "a", count: 64)
        let run = try Self.added(
            ".github/workflows/d.yml", Self.workflow(on: "push", steps: "      - uses: \(image)\n"))
        #expect(!run.has(rule: "pipelines.docker-action-unpinned"), "\(run.output)")
    }

    @Test(
        "a GitLab pre_get_sources_script hook is denied, on a job or in default",
        arguments: [
            "build:\n  hooks:\n    pre_get_sources_script:\n      - echo hi\n  script: make\n",
            "default:\n  hooks:\n    pre_get_sources_script: git config --global http.proxy x\n",
            ".base: &base\n  hooks:\n    pre_get_sources_script: [\"echo\"]\ntest:\n  <<: *base\n  script: make\n",
        ])
    func gitlabHook(text: String) throws {
        let run = try Self.added(".gitlab-ci.yml", text)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "pipelines.gitlab-pre-get-sources-hook", line: 3), "\(run.output)")
    }

    @Test(
        "a GitLab remote include is denied in every spelling",
        arguments: [
            ("include:\n  - remote: https://example.com/ci.yml\n", 2),
            ("include:\n  remote: 'https://example.com/ci.yml'\n", 2),
            ("include: https://example.com/ci.yml\n", 1),
            ("include:\n  - local: ci/a.yml\n  - 'http://example.com/ci.yml'\n", 3),
        ])
    func gitlabRemoteInclude(text: String, line: Int) throws {
        let run = try Self.added(".gitlab-ci.yml", text)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.has(rule: "pipelines.gitlab-remote-include", path: ".gitlab-ci.yml", line: line), "\(run.output)")
    }

    @Test("a risk the change leaves as it was is not judged again")
    func unchangedRisk() throws {
        let text = "include:\n  - remote: https://example.com/ci.yml\nbuild:\n  script: make\n"
        let run = try GateRun.check(base: [".gitlab-ci.yml": text]) {
            try $0.write(".gitlab-ci.yml", text.replacingOccurrences(of: "make", with: "make test"))
        }
        #expect(!run.has(rule: "pipelines.gitlab-remote-include"), "\(run.output)")
        #expect(run.status == 3, "\(run.output)")
    }
}
